using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Bench;

/// <summary>The warehouse a bench measures: it must hold a published batch, or there is nothing to ask.</summary>
internal static class BenchWarehouse
{
    /// <summary>The latest published batch's as-of date, or an error saying how to load a bank.</summary>
    public static DateOnly PublishedAsOf(DuckDBConnection connection, string databasePath) =>
        Warehouse.Schema.PublishedAsOf.Latest(connection)
        ?? throw new InvalidOperationException($"{databasePath} has no published batch: load a bank first (./crmw demo --no-serve, or ./crmw load).");

    /// <summary>
    /// Brings the warehouse to the current schema first, as crmw serve does (the role views need the mask macros of
    /// migration 0014), and checks that it holds a published batch.
    /// </summary>
    public static void Prepare(string databasePath)
    {
        using var connection = WarehouseDatabase.OpenMigrated($"Data Source={databasePath}");
        _ = PublishedAsOf(connection, databasePath);
    }
}
