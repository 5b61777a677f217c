using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// The SQL of the match stage: scripts kept in <c>Match/Sql/*.sql</c> (embedded), with <c>{{name}}</c> holes that the
/// settings fill with SQL they generate (table names, the gamma CASE expressions, blocking conditions, a blocking
/// rule's number within the UNION of rules). Values never go through the holes: weights, seeds and sample sizes are
/// DuckDB named parameters like every other script's.
/// </summary>
internal static class MatchSql
{
    public static string Load(string name) => SqlScript.From(typeof(MatchSql).Assembly, $"CrmWarehouse.Etl.Match.Sql.{name}.sql").Text;

    /// <summary>The script with every <c>{{hole}}</c> filled; a hole left unfilled is a bug, so it throws.</summary>
    public static string Fill(string name, params (string Hole, string Text)[] holes)
    {
        var sql = Load(name);
        foreach (var (hole, text) in holes)
        {
            sql = sql.Replace("{{" + hole + "}}", text, StringComparison.Ordinal);
        }

        var open = sql.IndexOf("{{", StringComparison.Ordinal);
        return open < 0
            ? sql
            : throw new InvalidOperationException($"Match SQL '{name}' has an unfilled hole at: {sql[open..Math.Min(sql.Length, open + 40)]}");
    }
}
