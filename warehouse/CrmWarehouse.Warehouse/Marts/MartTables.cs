using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>
/// The mart tables a mining run writes for one as-of date, read from the schema itself (every mart.* table with an
/// as_of column, the run ledger aside): the migration that adds a mart is the one declaration, so a rerun cannot forget
/// to clear a new mart and double its rows.
/// </summary>
public static class MartTables
{
    /// <summary>The ledger of mining runs: keyed by as-of too, but kept, never replaced.</summary>
    public const string RunLedger = "mining_run";

    public static IReadOnlyList<string> KeyedByAsOf(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader("""
            SELECT table_name FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'mart' AND column_name = 'as_of' AND table_name <> $ledger
            ORDER BY table_name
            """, cancellationToken, ("ledger", RunLedger));
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
