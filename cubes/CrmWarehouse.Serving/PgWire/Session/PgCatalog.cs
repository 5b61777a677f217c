using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// What makes the catalogue answer like PostgreSQL's for the clients' introspection, and only about what the role
/// may see: a few probes are answered here outright (<see cref="Answer"/>), the session's connection gets temporary
/// views and macros shadowing DuckDB's (<see cref="Install"/>), and the PostgreSQL-only syntax of queries is rewritten
/// into what DuckDB parses and onto those views (<see cref="Rewrite"/>).
/// </summary>
internal static partial class PgCatalog
{
    private static readonly Lazy<string> CompatSql = new(() => Embedded("PgCompat.sql"));

    private static readonly Lazy<string> RoleCatalogSql = new(() => Embedded("PgRoleCatalog.sql"));

    /// <summary>A canned answer for a probe DuckDB cannot answer at all, or null.</summary>
    public static CannedResult? Answer(string sql, SessionSettings settings, PgUser user) =>
        KnownProbes.Answer(sql, settings, user);

    /// <summary>True when <paramref name="sql"/> may read the catalogue (and the session's catalogue views must be there).</summary>
    public static bool LooksAtCatalog(string sql) => CatalogWords().IsMatch(sql);

    /// <summary>The query with PostgreSQL-only syntax and functions replaced by DuckDB equivalents.</summary>
    public static string Rewrite(string sql, SessionSettings settings)
    {
        var text = Version().Replace(sql, _ => Literal($"PostgreSQL {settings.Show("server_version")} on x86_64-pc-linux-gnu, compiled by CrmWarehouse (DuckDB {DuckDbExtensions.LibraryVersion}), 64-bit"));
        text = CurrentSetting().Replace(text, m => settings.Has(m.Groups["name"].Value) ? Literal(settings.Show(m.Groups["name"].Value)) : m.Value);
        text = KnownProbes.Rewrite(text);
        text = Operator().Replace(text, m => m.Groups["op"].Value);
        text = CollateDefault().Replace(text, string.Empty);
        text = RegClassLiteral().Replace(text, m => $"pg_crmw_regclass({m.Groups["name"].Value})");
        text = RegTypeLiteral().Replace(text, m => $"pg_crmw_regtype({m.Groups["name"].Value})");
        text = RegProcLiteral().Replace(text, m => Literal(m.Groups["name"].Value));
        text = QualifiedCast().Replace(text, "::");
        text = RegCast().Replace(text, "::BIGINT");
        text = NameCast().Replace(text, "::VARCHAR");
        text = CatalogQualifier().Replace(text, string.Empty);
        text = InformationSchema().Replace(text, m => "information_schema_" + m.Groups["name"].Value.ToLowerInvariant());
        text = RegexMatch().Replace(text, RegexAsPostgres);
        text = CurrentDatabase().Replace(text, "'warehouse'");
        text = CurrentUser().Replace(text, Literal(settings.Show("session_authorization")));
        return text;
    }

    /// <summary>
    /// Creates the session's compatibility macros and views (PgCompat.sql) and the catalogue as the role sees it
    /// (PgRoleCatalog.sql, over <paramref name="schemas"/> only) on its own connection; temporary objects are catalog
    /// entries, not settings, so the locked configuration allows them.
    /// </summary>
    public static void Install(DuckDBConnection connection, IEnumerable<string> schemas, SessionSettings settings)
    {
        var names = string.Join(", ", schemas.Where(s => !IsCatalogSchema(s)).Order(StringComparer.Ordinal).Select(Literal).DefaultIfEmpty("''"));
        connection.Execute(CompatSql.Value, CancellationToken.None);
        connection.Execute(
            RoleCatalogSql.Value.Replace("$schemas$", names, StringComparison.Ordinal).Replace("$types$", PgTypeRows.Values(), StringComparison.Ordinal),
            CancellationToken.None);
        InstallSettings(connection, settings);
    }

    /// <summary>pg_settings as the session's settings are now (again after each SET or RESET).</summary>
    public static void InstallSettings(DuckDBConnection connection, SessionSettings settings)
    {
        var rows = string.Join(",\n    ", settings.All.Select(pair =>
            $"({Literal(pair.Key)}, {Literal(pair.Value)}, NULL, 'Client Connection Defaults', '', NULL, 'user', 'string', 'default', NULL, NULL, NULL, {Literal(pair.Value)}, {Literal(pair.Value)}, NULL, NULL, false)"));
        connection.Execute(
            $"""
            CREATE OR REPLACE TEMP VIEW pg_settings AS SELECT * FROM (VALUES
                {rows}) t(name, setting, unit, category, short_desc, extra_desc, context, vartype, source, min_val, max_val, enumvals,
                          boot_val, reset_val, sourcefile, sourceline, pending_restart);
            """,
            CancellationToken.None);
    }

    private static bool IsCatalogSchema(string schema) =>
        schema.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase) || schema.Equals("information_schema", StringComparison.OrdinalIgnoreCase);

    private static string Embedded(string name)
    {
        using var stream = typeof(PgCatalog).Assembly.GetManifestResourceStream("Serving/" + name)
            ?? throw new InvalidOperationException($"The embedded {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// PostgreSQL's <c>~</c> finds the pattern anywhere in the text, DuckDB's matches the whole text: the literal
    /// pattern is wrapped so DuckDB finds it anywhere too (<c>^</c> and <c>$</c> inside still anchor), and <c>~*</c>,
    /// which DuckDB lacks, becomes a case-insensitive <c>~</c>.
    /// </summary>
    private static string RegexAsPostgres(Match match)
    {
        var op = match.Groups["op"].Value;
        var flags = op.EndsWith('*') ? "(?i)" : string.Empty;
        return $"{(op.StartsWith('!') ? "!~" : "~")} '{flags}.*(?:{match.Groups["pattern"].Value}).*'";
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\b(?:pg_catalog\.)?version\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Version();

    [GeneratedRegex(@"\b(?:pg_catalog\.)?current_setting\s*\(\s*'(?<name>[^']+)'(?:\s*,\s*\w+)?\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentSetting();

    [GeneratedRegex(@"OPERATOR\s*\(\s*pg_catalog\.(?<op>[^)\s]+)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Operator();

    // pg_catalog.x → x: the session's temporary views and macros shadow DuckDB's (PgCompat.sql, PgRoleCatalog.sql), and
    // the gate lets a wire session read those names only, so a qualifier left in a form not rewritten is refused.
    [GeneratedRegex(@"(?<![\w.""])""?pg_catalog""?\s*\.\s*(?=""?[A-Za-z_])", RegexOptions.IgnoreCase)]
    private static partial Regex CatalogQualifier();

    [GeneratedRegex(@"(?<![\w.""])""?information_schema""?\s*\.\s*""?(?<name>tables|columns|schemata|views|table_constraints|key_column_usage|referential_constraints|constraint_column_usage|check_constraints|routines|parameters|character_sets)\b""?", RegexOptions.IgnoreCase)]
    private static partial Regex InformationSchema();

    // 'name'::regclass and 'name'::regtype: the OID of a named relation or type (PgRoleCatalog.sql's look-ups); a regproc is its name.
    [GeneratedRegex(@"(?<name>'[^']*')\s*::\s*(?:pg_catalog\.)?regclass\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegClassLiteral();

    [GeneratedRegex(@"(?<name>'[^']*')\s*::\s*(?:pg_catalog\.)?regtype\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegTypeLiteral();

    [GeneratedRegex(@"'(?:pg_catalog\.)?(?<name>[^']*)'\s*::\s*(?:pg_catalog\.)?regproc\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegProcLiteral();

    // OIDs are BIGINT in DuckDB's catalog; the reg* types do not exist there.
    [GeneratedRegex(@"::\s*(?:pg_catalog\.)?(?:regclass|regtype|regproc|regprocedure|regnamespace|regrole|oid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RegCast();

    [GeneratedRegex(@"::\s*pg_catalog\s*\.\s*", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedCast();

    [GeneratedRegex(@"::\s*(?:pg_catalog\.)?name\b", RegexOptions.IgnoreCase)]
    private static partial Regex NameCast();

    // x ~ 'pattern', x !~ 'pattern', x ~* 'pattern' (not LIKE's ~~), with a literal pattern.
    [GeneratedRegex(@"(?<![~!])(?<op>!?~\*?)(?!~)\s*'(?<pattern>(?:[^']|'')*)'")]
    private static partial Regex RegexMatch();

    [GeneratedRegex(@"pg_|information_schema|format_type|_description|::\s*reg", RegexOptions.IgnoreCase)]
    private static partial Regex CatalogWords();

    [GeneratedRegex(@"\bcurrent_database\s*\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentDatabase();

    [GeneratedRegex(@"(?<![\w.""])(?:current_user|session_user)\b(?!\s*\()", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentUser();

    [GeneratedRegex(@"\s+COLLATE\s+pg_catalog\.""?default""?", RegexOptions.IgnoreCase)]
    private static partial Regex CollateDefault();
}
