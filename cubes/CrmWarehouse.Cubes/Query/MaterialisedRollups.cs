using System.Collections;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// The rollup tables that exist (schema-qualified, <c>agg.…</c>) and about how many rows each table of <c>agg</c> and
/// <c>dw</c> holds (DuckDB's estimate), so that the router can take the smallest rollup, and the facts when no rollup
/// is much smaller than they are.
/// </summary>
public sealed class MaterialisedRollups(IReadOnlyDictionary<string, long> rows) : IReadOnlySet<string>
{
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
