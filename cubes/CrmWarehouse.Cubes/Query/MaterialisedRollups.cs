using System.Collections;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// The rollup tables that exist (schema-qualified, <c>agg.…</c>) and about how many rows each table of <c>agg</c> and
/// <c>dw</c> holds (DuckDB's estimate), so that the router can take the smallest rollup, and the facts when no rollup
/// is much smaller than they are.
/// </summary>
public sealed class MaterialisedRollups(IReadOnlyDictionary<string, long> rows) : IReadOnlySet<string>
{
    /// <summary>The agg.* tables that exist, as schema-qualified names, with the row counts of them and of the facts.</summary>
    public static MaterialisedRollups Read(DuckDBConnection connection)
    {
        using var reader = connection.Reader(
            "SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() WHERE schema_name IN ('agg', 'dw')", CancellationToken.None);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return new MaterialisedRollups(rows);
    }

    private readonly HashSet<string> _rollups = rows.Keys.Where(k => k.StartsWith("agg.", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Rows of a table, or null when it is unknown.</summary>
    public long? Rows(string table) => rows.TryGetValue(table, out var count) ? count : null;

    public int Count => _rollups.Count;

    public bool Contains(string item) => _rollups.Contains(item);

    public IEnumerator<string> GetEnumerator() => _rollups.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => _rollups.IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => _rollups.IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => _rollups.IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => _rollups.IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => _rollups.Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => _rollups.SetEquals(other);
}
