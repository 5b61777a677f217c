using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Mining.Warehouse;

/// <summary>
/// A small generated bank (3,000 people, embedded sources) loaded once through the nightly batch with the mining stage
/// after it, shared by the warehouse mining tests (generating and loading it takes about 15 s).
/// </summary>
internal sealed class MinedBank : IDisposable
{
    private static readonly Lazy<Task<MinedBank>> Shared = new(CreateAsync);

    private MinedBank(string sources, TempDatabase warehouse, BatchResult batch, MiningRun? run, DateOnly asOf)
    {
        Sources = sources;
        Warehouse = warehouse;
        Batch = batch;
        Run = run;
        AsOf = asOf;
    }

    public string Sources { get; }

    public string Truth => Path.Combine(Sources, "ground_truth");

    public TempDatabase Warehouse { get; }

    public BatchResult Batch { get; }

    /// <summary>The mining run that followed the load (null if it failed).</summary>
    public MiningRun? Run { get; }

    public DateOnly AsOf { get; }

    public static Task<MinedBank> Get() => Shared.Value;

    public static MiningStage Stage(MiningOptions? options = null) => new(options ?? new MiningOptions(), TimeProvider.System, NullLogger.Instance);

    private static async Task<MinedBank> CreateAsync()
    {
        var sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        var code = await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.03", "--seed", "11", "--out", sources]);
        Assert.That(code, Is.Zero, "generating the test bank");
        var warehouse = new TempDatabase();
        var options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(sources) with { WarehouseConnectionString = warehouse.ConnectionString };
        var state = await GeneratorState.LoadAsync(sources, CancellationToken.None);
        var mining = new MiningAfterLoad(new MiningOptions(), TimeProvider.System, NullLogger<MiningAfterLoad>.Instance);
        var batch = await new BatchRunner(options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance, mining)
            .RunAsync(new BatchRequest(true, "test", state.CurrentDay), null, CancellationToken.None);
        return new MinedBank(sources, warehouse, batch, mining.LastRun, state.CurrentDay);
    }

    public void Dispose()
    {
        Warehouse.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Sources, recursive: true);
    }
}
