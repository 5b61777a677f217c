using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// One business date per batch, whatever day the batch runs: the same sources loaded under two different wall clocks
/// give identical tables, a second load for the same date changes nothing, and a date the sources do not hold yet is
/// refused before anything is written.
/// </summary>
[NonParallelizable]
public sealed class AsOfDateTests
{
    private string _sources = null!;
    private DateOnly _businessDate;

    [OneTimeSetUp]
    public async Task GenerateABank()
    {
        _sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", _sources]), Is.EqualTo(0));
        _businessDate = (await GeneratorState.LoadAsync(_sources, CancellationToken.None)).CurrentDay;
    }

    [OneTimeTearDown]
    public void Remove()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_sources, recursive: true);
    }

    [Test]
    public async Task The_same_batch_on_two_wall_clock_days_gives_identical_tables()
    {
        using var first = new TempDatabase();
        using var second = new TempDatabase();
        var one = await Batch(first, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), asOf: null);
        var other = await Batch(second, new DateTimeOffset(2027, 3, 2, 23, 30, 0, TimeSpan.Zero), asOf: null);

        Assert.That(one.AsOf, Is.EqualTo(_businessDate), "the generated bank's business date, not the wall clock's");
        Assert.That(other.AsOf, Is.EqualTo(_businessDate));
        Assert.That(Fingerprint(second), Is.EqualTo(Fingerprint(first)));
        using var connection = first.Open();
        Assert.That(connection.Scalar("SELECT as_of FROM audit.batch WHERE status = 'published'"), Is.EqualTo(_businessDate), "DuckDB.NET reads a DATE as DateOnly");
        Assert.That(PublishedAsOf.Latest(connection), Is.EqualTo(_businessDate), "mining counts from the batch's date");
    }

    [Test]
    public async Task A_second_load_for_the_same_date_on_a_later_day_changes_no_row()
    {
        using var warehouse = new TempDatabase();
        await Batch(warehouse, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), asOf: null);
        var before = Fingerprint(warehouse, lineage: false);
        var again = await Batch(warehouse, new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), asOf: _businessDate);
        Assert.That(again.AsOf, Is.EqualTo(_businessDate));
        Assert.That(Fingerprint(warehouse, lineage: false), Is.EqualTo(before));
    }

    [Test]
    public async Task A_date_beyond_the_sources_is_refused_and_nothing_is_written()
    {
        using var warehouse = new TempDatabase();
        await Batch(warehouse, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), asOf: null);
        var before = Fingerprint(warehouse);
        var error = Assert.ThrowsAsync<AsOfRefusedException>(() =>
            Batch(warehouse, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), new DateOnly(2026, 11, 30)))!;
        Assert.That(error.Message, Does.Contain($"after the sources' business date {_businessDate:yyyy-MM-dd}"));
        Assert.That(Fingerprint(warehouse), Is.EqualTo(before));
        using var connection = warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM audit.batch"), Is.EqualTo(1L), "no failed batch either: the date is refused before a batch starts");
    }

    private async Task<BatchResult> Batch(TempDatabase warehouse, DateTimeOffset now, DateOnly? asOf)
    {
        var clock = new FakeTimeProvider(now);
        var options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_sources) with
        {
            WarehouseConnectionString = warehouse.ConnectionString,
            SourcesBusinessDate = _businessDate,
        };
        return await new BatchRunner(options, NightlyPipeline.Stages(clock), clock, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(Full: false, "test", asOf), null, CancellationToken.None);
    }

    /// <summary>
    /// Every row of every star-schema table (and the rejects), as a count and an order-independent hash per table.
    /// Without <paramref name="lineage"/>, the batch_id columns are left out: transactions re-read at the watermark are
    /// written again unchanged but for the batch that wrote them.
    /// </summary>
    private static string Fingerprint(TempDatabase warehouse, bool lineage = true)
    {
        using var connection = warehouse.Open();
        var tables = new List<string>();
        using (var reader = connection.CreateCommand())
        {
            reader.CommandText = "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE schema_name = 'dw' ORDER BY 1";
            using var rows = reader.ExecuteReader();
            while (rows.Read())
            {
                tables.Add(rows.GetString(0));
            }
        }

        Assert.That(tables, Has.Count.GreaterThan(8));
        var select = lineage ? "SELECT * FROM {0}" : "SELECT COLUMNS(c -> c <> 'batch_id') FROM {0}";
        return string.Join("\n", (lineage ? tables.Append("audit.rejects") : tables).Select(table =>
            $"{table}: {connection.Scalar($"SELECT count(*) || ' rows, ' || coalesce(sum(hash(t)), 0) FROM ({string.Format(System.Globalization.CultureInfo.InvariantCulture, select, table)}) t")}"));
    }
}
