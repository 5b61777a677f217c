using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// Decides whether analyst SQL may run: exactly one statement, which DuckDB classifies as SELECT or EXPLAIN (of a
/// SELECT; DESCRIBE, SHOW and SUMMARIZE are SELECTs to DuckDB), and which names no function that reaches outside the
/// warehouse (files, other databases, environment) or changes state. The text check runs first because DuckDB
/// already opens a file while it prepares <c>read_csv('…')</c>.
/// </summary>
internal static partial class ReadOnlySqlGate
{
    private static readonly HashSet<DuckDbStatementType> Allowed = [DuckDbStatementType.Select, DuckDbStatementType.Explain];

    public static void Check(DuckDBConnection connection, string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new SqlRefusedException("The query is empty.");
        }

        var text = Comment().Replace(sql, " ");
        var function = OutsideFunction().Match(text);
        if (function.Success)
        {
            throw new SqlRefusedException($"Function '{function.Groups[1].Value}' is not allowed here: the SQL endpoint reads the warehouse only (no files, other databases, environment or sequences).");
        }

        if (FileAsTable().IsMatch(text))
        {
            throw new SqlRefusedException("Reading a file by naming it as a table is not allowed here: the SQL endpoint reads the warehouse only.");
        }

        var types = StatementTypes(connection, sql);
        if (types.Count != 1)
        {
            throw new SqlRefusedException($"Send one statement at a time (got {types.Count}).");
        }

        if (!Allowed.Contains(types[0]))
        {
            throw new SqlRefusedException($"Only SELECT, EXPLAIN, DESCRIBE and SHOW statements run here; this is a {types[0].ToString().ToUpperInvariant()} statement.");
        }

        var explained = ExplainPrefix().Match(text);
        if (types[0] == DuckDbStatementType.Explain && explained.Success)
        {
            var inner = StatementTypes(connection, text[explained.Length..]);
            if (inner.Count != 1 || inner[0] != DuckDbStatementType.Select)
            {
                throw new SqlRefusedException("EXPLAIN runs here only for SELECT statements (EXPLAIN ANALYZE executes what it explains).");
            }
        }
    }

    private static IReadOnlyList<DuckDbStatementType> StatementTypes(DuckDBConnection connection, string sql) => connection.GetStatementTypes(sql);

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // Table functions and scalar functions that read files, other databases or the environment, or change state,
    // schema-qualified too (main.read_blob(…) names the same function). DuckDB's sandbox stops files outside the
    // allowed directories; this also stops the warehouse's own file, which DuckDB always lets a query read.
    [GeneratedRegex("""(?<!\w)"?((?:read_|parquet_|iceberg_|delta_|sqlite_|postgres_|mysql_|sniff_|glob|json_execute|query|getenv|nextval|setval|duckdb_secrets|load_aws|st_read|write_)\w*)"?\s*\(""", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideFunction();

    // DuckDB's replacement scans read FROM 'file.csv' or FROM "data/x.parquet" as if they were tables.
    [GeneratedRegex("""\b(?:from|join)\s*\(?\s*(?:'|"[^"]*[./\\:~][^"]*")""", RegexOptions.IgnoreCase)]
    private static partial Regex FileAsTable();

    [GeneratedRegex(@"^\s*explain\s+(?:\(\s*[^)]*\)\s*)?(?:analy[sz]e\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ExplainPrefix();
}
