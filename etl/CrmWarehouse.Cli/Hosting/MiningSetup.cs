using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>Where the mining stage gets its settings and its warehouse from when a command or the batch runs it.</summary>
internal static class MiningSetup
{
    public static MiningOptions Options(IConfiguration configuration) =>
        (configuration.GetSection("Mining").Get<MiningOptions>() ?? new MiningOptions()).Validated();

    /// <summary>Opens the configured warehouse file (brought to the current schema); says so when it is missing.</summary>
    public static DuckDBConnection OpenWarehouse(IConfiguration configuration)
    {
        return WarehouseDatabase.OpenExisting(CrmwConfiguration.EtlOptions(configuration).WarehouseConnectionString);
    }

    /// <summary>Runs the stage unless the as-of date already has a published run (or <paramref name="refresh"/> asks to).</summary>
    public static DateOnly EnsureMined(DuckDBConnection warehouse, MiningOptions options, DateOnly? asOf, bool refresh, ILogger logger, CancellationToken cancellationToken)
    {
        var date = asOf ?? PublishedAsOf.Latest(warehouse)
            ?? throw new InvalidOperationException("The warehouse has no transactions yet: load it first (crmw load), then mine.");
        var published = warehouse.Count("SELECT count(*) FROM mart.mining_run WHERE as_of = $as_of AND status = 'published'", cancellationToken, ("as_of", date));
        if (refresh || published == 0)
        {
            new MiningStage(options, TimeProvider.System, logger).Run(warehouse, date, "cli", null, cancellationToken);
        }

        return date;
    }
}
