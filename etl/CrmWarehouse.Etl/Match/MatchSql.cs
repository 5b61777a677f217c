using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// The SQL of the match stage: scripts kept in <c>Match/Sql/*.sql</c> (embedded), with <c>{{name}}</c> holes that the
/// settings fill (table names, the gamma CASE expressions, blocking conditions). Values never go through the holes;
/// they are parameters.
/// </summary>
internal static class MatchSql
{
    private static readonly ConcurrentDictionary<string, string> Scripts = new();

    public static string Load(string name) => Scripts.GetOrAdd(name, static n =>
    {
        var resource = $"CrmWarehouse.Etl.Match.Sql.{n}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The match SQL script '{n}' is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

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
