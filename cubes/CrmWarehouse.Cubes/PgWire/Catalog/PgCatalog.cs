using System.Text.RegularExpressions;
using CrmWarehouse.Cubes.Http;
using CrmWarehouse.Cubes.PgWire.Session;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Cubes.PgWire.Catalog;

/// <summary>
/// What makes DuckDB's own pg_catalog answer like PostgreSQL's for the clients' introspection: a few probes are
/// answered here outright (<see cref="Answer"/>), and the PostgreSQL-only syntax of others is rewritten into what
/// DuckDB parses (<see cref="Rewrite"/>).
/// </summary>
internal static partial class PgCatalog
{
    /// <summary>A canned answer for a probe DuckDB cannot answer at all, or null.</summary>
    public static CannedResult? Answer(string sql, SessionSettings settings, PgUser user) =>
        KnownProbes.Answer(sql, settings, user);

    /// <summary>The query with PostgreSQL-only syntax and functions replaced by DuckDB equivalents.</summary>
    public static string Rewrite(string sql, SessionSettings settings, ServingContext context)
    {
        var text = Version().Replace(sql, _ => Literal($"PostgreSQL {settings.Show("server_version")} on x86_64-pc-linux-gnu, compiled by CrmWarehouse (DuckDB {DuckDbExtensions.LibraryVersion}), 64-bit"));
        text = CurrentSetting().Replace(text, m => settings.Has(m.Groups["name"].Value) ? Literal(settings.Show(m.Groups["name"].Value)) : m.Value);
        text = Operator().Replace(text, m => m.Groups["op"].Value);
        text = CollateDefault().Replace(text, string.Empty);
        return text;
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\b(?:pg_catalog\.)?version\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Version();

    [GeneratedRegex(@"\b(?:pg_catalog\.)?current_setting\s*\(\s*'(?<name>[^']+)'(?:\s*,\s*\w+)?\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentSetting();

    [GeneratedRegex(@"OPERATOR\s*\(\s*pg_catalog\.(?<op>[^)\s]+)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Operator();

    [GeneratedRegex(@"\s+COLLATE\s+pg_catalog\.""?default""?", RegexOptions.IgnoreCase)]
    private static partial Regex CollateDefault();
}
