using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// Where the C# steps put their per-customer results for the SQL that follows: a table mart.work_NAME created inside
/// the run's transaction (the appender cannot reach temp tables) and dropped before it commits, so no run leaves one behind.
/// </summary>
internal static class WorkTable
{
    private const string Prefix = "work_";

    /// <summary>The table's name in schema mart, for the SQL that reads it.</summary>
    public static string Name(string name) => Prefix + name;

    /// <summary>Creates (or empties) mart.work_<paramref name="name"/> with the given column definitions and opens an appender on it.</summary>
    public static DuckDBAppender Create(DuckDBConnection warehouse, string name, string columns, CancellationToken cancellationToken)
    {
        warehouse.Execute($"CREATE OR REPLACE TABLE mart.{Prefix}{name} ({columns})", cancellationToken);
        return warehouse.CreateAppender("mart", Prefix + name);
    }

    /// <summary>The statements that drop every work table (an empty statement when there is none).</summary>
    public static string DropAll(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader(
            $"SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart' AND table_name LIKE '{Prefix}%' AND NOT temporary", cancellationToken);
        var drops = new List<string>();
        while (reader.Read())
        {
            drops.Add($"DROP TABLE mart.\"{reader.GetString(0)}\";");
        }

        return drops.Count == 0 ? "SELECT 1" : string.Join('\n', drops);
    }
}
