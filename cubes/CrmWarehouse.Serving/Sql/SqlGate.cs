using System.Text.Json;
using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// Decides whether ad-hoc SQL may run, on DuckDB's own parse tree rather than the text: exactly one SELECT (DESCRIBE and
/// SUMMARIZE are SELECTs to DuckDB) or a plain EXPLAIN of one; every base table in the scope's schemas; every table
/// function and function on <see cref="FunctionAllowList"/>. The tree comes from <c>json_serialize_sql</c>, which
/// parses without binding, so nothing a refused query names is opened. What passes is then prepared once to check that
/// DuckDB's planner sees the same kind of statement (the second layer); DuckDB's sandbox stays the wall behind both.
/// A statement that passed is kept (<see cref="GateVerdicts"/>), by text and by its literal-free tree, so that the
/// same statement, or the same with other values, is not judged and prepared again before the prepare that runs it.
/// </summary>
internal static partial class SqlGate
{
    /// <summary>
    /// Checks <paramref name="sql"/> against <paramref name="scope"/>; throws <see cref="SqlRefusedException"/> naming the
    /// fault. A SELECT on a cube relation (<c>cubes.&lt;cube&gt;</c>) is read into the cube query that answers it
    /// (<see cref="GatedStatement.Cube"/>) when <paramref name="cubes"/> is given (the role may query cubes); its text
    /// never runs.
    /// </summary>
    public static GatedStatement Check(DuckDBConnection connection, string sql, SqlScope scope, SqlGateLimits limits, CancellationToken cancellationToken, CubeRelations? cubes = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var generation = GateVerdicts.Generation;
        var byText = GateVerdicts.TextKey(scope, limits, cubes, sql);
        if (GateVerdicts.TryGetByText(byText, out var passed))
        {
            return passed;
        }

        var gated = CheckNow(connection, sql, scope, limits, cubes, generation, cancellationToken);
        GateVerdicts.KeepByText(byText, gated, generation);
        return gated;
    }

    private static GatedStatement CheckNow(DuckDBConnection connection, string sql, SqlScope scope, SqlGateLimits limits, CubeRelations? cubes, long generation, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new SqlRefusedException("The query is empty.", SqlRefusal.Malformed);
        }

        if (sql.Contains('\0', StringComparison.Ordinal))
        {
            throw new SqlRefusedException("The query holds a NUL character.", SqlRefusal.Malformed);
        }

        if (sql.Length > limits.MaxCharacters)
        {
            throw new SqlRefusedException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The query is {sql.Length:N0} characters long; at most {limits.MaxCharacters:N0} are accepted."), SqlRefusal.TooLarge);
        }

        // json_serialize_sql takes SELECTs only: a plain EXPLAIN is peeled off, and only when nothing but white space comes
        // before and after the keyword, so that this reading and DuckDB's cannot disagree on where the SELECT starts.
        var explain = PlainExplain().Match(sql);
        var select = explain.Success ? sql[explain.Length..] : sql;
        if (explain.Success && ExplainOption().IsMatch(select))
        {
            throw new SqlRefusedException("Only a plain EXPLAIN of a SELECT runs here (EXPLAIN ANALYZE runs what it explains; EXPLAIN options are not taken).");
        }

        using var tree = ParseTree(connection, select, limits, cancellationToken);
        var statements = tree.RootElement.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            throw new SqlRefusedException($"Send one statement at a time (got {statements.GetArrayLength()}).");
        }

        // The same statement with other literal values passed before: its verdict holds for this one (see ParseTreeShape).
        // Only statements that are not cube ones are kept by shape, and a cube one's shape names its cube, so a cube
        // statement never finds a verdict here.
        var byShape = GateVerdicts.ShapeKey(scope, limits, cubes, explain.Success, ParseTreeShape.Of(statements[0]));
        if (GateVerdicts.TryGetByShape(byShape, out var sameShape))
        {
            return sameShape;
        }

        var names = ParseTreeNames.Of(statements[0], cancellationToken);
        if (names.Tables.FirstOrDefault(t => t.Schema.Equals(CubeRelations.Schema, StringComparison.OrdinalIgnoreCase)) is { } cube)
        {
            return CubeStatement(statements[0], select, explain.Success, cube, cubes);
        }

        var relations = Judge(names, scope);

        // Second layer: DuckDB's planner must see the statement the tree showed. Preparing binds the tables judged above.
        var types = connection.GetStatementTypes(sql);
        var expected = explain.Success ? DuckDbStatementType.Explain : DuckDbStatementType.Select;
        if (types.Count != 1 || types[0] != expected)
        {
            throw new SqlRefusedException($"DuckDB plans this as {string.Join(", ", types).ToUpperInvariant()}, not as the {expected.ToString().ToUpperInvariant()} its parse tree shows; it is not run.");
        }

        var gated = new GatedStatement(relations, explain.Success);
        GateVerdicts.KeepByShape(byShape, gated, generation);
        return gated;
    }

    /// <summary>
    /// A statement naming a cube relation anywhere is answered by the cube compiler or not at all: it must be one SELECT
    /// of the shape <see cref="CubeSqlReader"/> reads, so that nothing else in it ever reaches DuckDB.
    /// </summary>
    private static GatedStatement CubeStatement(JsonElement statement, string sql, bool explain, CatalogName cube, CubeRelations? cubes)
    {
        if (cubes is null)
        {
            throw new SqlRefusedException($"'{cube}' is a cube relation: they are for roles that may query cubes, and yours may not.");
        }

        if (explain)
        {
            throw new SqlRefusedException($"EXPLAIN of a query on '{cube}' is not supported: POST /api/cubes/{cube.Name}/query?explain=true shows the SQL a cube query compiles to.", SqlRefusal.NotSupported);
        }

        var read = CubeSqlReader.Read(statement.GetProperty("node"), sql, cubes);
        return new GatedStatement([read.Relation.Name], false) { Cube = read };
    }

    private static List<string> Judge(ParseTreeNames names, SqlScope scope)
    {
        if (names.Unjudged.Count > 0)
        {
            throw new SqlRefusedException($"{names.Unjudged[0]} is not allowed here: it lists the whole catalogue. DESCRIBE a table of the schemas you may read ({scope.Describe()}) instead.");
        }

        var relations = new List<string>();
        foreach (var table in names.Tables)
        {
            relations.Add(JudgeTable(table, scope));
        }

        foreach (var function in names.TableFunctions.Where(f => !FunctionAllowList.AllowsTableFunction(f) && !scope.AddsFunction(f)))
        {
            throw new SqlRefusedException(
                $"Table function '{function}' is not allowed here: ad-hoc SQL reads the tables of schemas {scope.Describe()} only; " +
                "table functions that read files, other databases, settings or the catalogue are refused (range, generate_series and unnest are allowed).");
        }

        foreach (var function in names.Functions.Where(f => !FunctionAllowList.AllowsFunction(f) && !scope.AddsFunction(f)))
        {
            throw new SqlRefusedException(
                $"Function '{function}' is not allowed here: only DuckDB's built-in functions that compute on the values given to them are " +
                "(nothing that reads files, settings, variables, sequences, secrets, other databases or the environment, and no user-defined macros).");
        }

        return relations.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string JudgeTable(CatalogName table, SqlScope scope)
    {
        if (table.Catalog.Length > 0)
        {
            throw new SqlRefusedException($"'{table}' names a database: only tables of this warehouse, named schema.table, can be read here.");
        }

        if (table.Schema.Length == 0 && table.Catalog.Length == 0 && scope.ResolveUnqualified(table.Name) is { } relation)
        {
            return relation.ToLowerInvariant();
        }

        if (table.Schema.Length == 0)
        {
            throw new SqlRefusedException(LooksLikeFile(table.Name)
                ? $"'{table.Name}' would be read as a file (a replacement scan): files are not reachable from ad-hoc SQL."
                : $"Name the schema of table '{table.Name}' (for example {scope.Schemas.Order(StringComparer.Ordinal).First()}.{table.Name}): only schemas {scope.Describe()} can be read here.")
            {
                UnresolvedTable = LooksLikeFile(table.Name) ? null : table.Name,
            };
        }

        if (!scope.Allows(table.Schema, table.Name))
        {
            throw new SqlRefusedException(scope.Schemas.Contains(table.Schema)
                ? $"Table '{table}' is not one you may read here."
                : $"Table '{table}' is outside the schemas you may read ({scope.Describe()}).");
        }

        return $"{table.Schema}.{table.Name}".ToLowerInvariant();
    }

    private static bool LooksLikeFile(string name) => name.IndexOfAny(['.', '/', '\\', ':', '~', '*']) >= 0;

    /// <summary>DuckDB's parse tree of <paramref name="select"/> as JSON; a statement DuckDB cannot serialise is refused here.</summary>
    private static JsonDocument ParseTree(DuckDBConnection connection, string select, SqlGateLimits limits, CancellationToken cancellationToken)
    {
        // The cast: json_serialize_sql must know when it is bound that its argument is text.
        string json;
        using (var reader = connection.Reader("SELECT json_serialize_sql($sql::VARCHAR)", cancellationToken, ("sql", select)))
        {
            json = reader.Read() ? reader.GetString(0) : throw new InvalidOperationException("json_serialize_sql returned no row.");
        }

        JsonDocument tree;
        try
        {
            tree = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException)
        {
            throw new SqlRefusedException($"The query is nested too deeply to be checked (its parse tree is more than {limits.MaxDepth} levels deep).", SqlRefusal.TooLarge);
        }

        if (!tree.RootElement.TryGetProperty("error", out var error) || !error.GetBoolean())
        {
            return tree;
        }

        using (tree)
        {
            var message = tree.RootElement.TryGetProperty("error_message", out var text) ? text.GetString() : "unknown error";
            if (tree.RootElement.TryGetProperty("error_type", out var type) && type.GetString() == "parser")
            {
                throw new SqlRefusedException($"Parser Error: {message}", SqlRefusal.Malformed)
                {
                    Position = tree.RootElement.TryGetProperty("position", out var at) && int.TryParse(at.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : null,
                };
            }

            throw NotASelect(select);
        }
    }

    /// <summary>
    /// Why a statement json_serialize_sql does not take is refused: several statements, or not a SELECT. Decided on the
    /// text alone, for the message only: DuckDB's own statement splitter runs PRAGMA expansions, and IMPORT DATABASE's
    /// reads the export's files.
    /// </summary>
    private static SqlRefusedException NotASelect(string sql)
    {
        var count = ScriptText.Split(sql).Count;
        if (count > 1)
        {
            return new SqlRefusedException($"Send one statement at a time (got {count}).");
        }

        var keyword = FirstKeyword().Match(sql) is { Success: true } first ? first.Groups[1].Value.ToUpperInvariant() : "?";
        return keyword is "SELECT" or "WITH" or "FROM" or "DESCRIBE" or "SUMMARIZE" or "VALUES"
            ? new SqlRefusedException("This SELECT uses a form the gate cannot read in DuckDB's parse tree (PIVOT, UNPIVOT); it is not run. Write it with GROUP BY and FILTER, or use the cube API.")
            : new SqlRefusedException($"Only SELECT, DESCRIBE, SUMMARIZE and a plain EXPLAIN of a SELECT run here, not {keyword}.");
    }

    [GeneratedRegex(@"^\s*explain\s+", RegexOptions.IgnoreCase)]
    private static partial Regex PlainExplain();

    [GeneratedRegex(@"^(?:\(|analy[sz]e\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ExplainOption();

    // The statement's first word, past white space and comments: only for the message, never for a decision.
    [GeneratedRegex(@"^(?:\s+|--[^\n]*\n?|/\*.*?\*/)*([a-z_]+)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FirstKeyword();
}
