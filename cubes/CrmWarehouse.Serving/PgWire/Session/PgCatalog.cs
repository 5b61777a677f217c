using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Serving.PgWire.Session;

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
    public static string Rewrite(string sql, SessionSettings settings)
    {
        var text = Version().Replace(sql, _ => Literal($"PostgreSQL {settings.Show("server_version")} on x86_64-pc-linux-gnu, compiled by CrmWarehouse (DuckDB {DuckDbExtensions.LibraryVersion}), 64-bit"));
        text = CurrentSetting().Replace(text, m => settings.Has(m.Groups["name"].Value) ? Literal(settings.Show(m.Groups["name"].Value)) : m.Value);
        text = Operator().Replace(text, m => m.Groups["op"].Value);
        text = CollateDefault().Replace(text, string.Empty);
        text = QualifiedFunction().Replace(text, m => m.Groups["name"].Value + "(");
        text = QualifiedDatabase().Replace(text, string.Empty);
        text = QualifiedCast().Replace(text, "::");
        text = RegCast().Replace(text, "::BIGINT");
        text = NameCast().Replace(text, "::VARCHAR");
        text = CurrentDatabase().Replace(text, "'warehouse'");
        text = CurrentUser().Replace(text, Literal(settings.Show("session_authorization")));
        return text;
    }

    /// <summary>
    /// Creates the session's compatibility macros and views (PgCompat.sql) on its own connection; temporary objects
    /// are catalog entries, not settings, so the locked configuration allows them.
    /// </summary>
    public static void Install(DuckDB.NET.Data.DuckDBConnection connection) => connection.Execute(CompatSql.Value, CancellationToken.None);

    private static readonly Lazy<string> CompatSql = new(() =>
    {
        using var stream = typeof(PgCatalog).Assembly.GetManifestResourceStream("Serving/PgCompat.sql")
            ?? throw new InvalidOperationException("The embedded PgCompat.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\b(?:pg_catalog\.)?version\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Version();

    [GeneratedRegex(@"\b(?:pg_catalog\.)?current_setting\s*\(\s*'(?<name>[^']+)'(?:\s*,\s*\w+)?\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentSetting();

    [GeneratedRegex(@"OPERATOR\s*\(\s*pg_catalog\.(?<op>[^)\s]+)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Operator();

    // pg_catalog.f( → f(: DuckDB's PostgreSQL functions are built-ins or the session's temporary macros, found unqualified.
    [GeneratedRegex(@"\bpg_catalog\s*\.\s*(?<name>[A-Za-z_]\w*)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedFunction();

    // The relations PgCompat.sql shadows with temporary views: unqualified, the session's temporary ones are found first.
    [GeneratedRegex(@"\bpg_catalog\s*\.\s*(?=(?:pg_database|pg_class|pg_roles|pg_authid|pg_user|pg_inherits|pg_trigger|pg_policy|pg_statistic_ext|pg_publication|pg_publication_rel|pg_publication_namespace|pg_enum|pg_range|pg_extension|pg_collation)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedDatabase();

    // OIDs are BIGINT in DuckDB's catalog; the reg* types do not exist there.
    [GeneratedRegex(@"::\s*(?:pg_catalog\.)?(?:regclass|regtype|regproc|regprocedure|regnamespace|regrole|oid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegCast();

    [GeneratedRegex(@"::\s*pg_catalog\s*\.\s*", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedCast();

    [GeneratedRegex(@"::\s*(?:pg_catalog\.)?name\b", RegexOptions.IgnoreCase)]
    private static partial Regex NameCast();

    [GeneratedRegex(@"\bcurrent_database\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentDatabase();

    [GeneratedRegex(@"(?<![\w.""])(?:current_user|session_user)\b(?!\s*\()", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentUser();

    [GeneratedRegex(@"\s+COLLATE\s+pg_catalog\.""?default""?", RegexOptions.IgnoreCase)]
    private static partial Regex CollateDefault();
}
