using System.Collections.Immutable;
using System.Text.Json;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// Everything a parsed SELECT names from the catalogue, read from DuckDB's own parse tree (<c>json_serialize_sql</c>):
/// every base table (a name in FROM that is not a CTE in scope there, including replacement scans such as
/// <c>FROM 'x.csv'</c>), every table function, every function call anywhere in an expression (aggregates, window
/// aggregates, macros, operators), and the parts of a tree the gate cannot judge. The walk visits every object and array
/// of the tree, so a name hidden in a CTE, subquery, lateral join, lambda or filter clause is found like any other.
/// </summary>
internal sealed class ParseTreeNames
{
    private readonly List<CatalogName> _tables = [];
    private readonly List<CatalogName> _tableFunctions = [];
    private readonly List<CatalogName> _functions = [];
    private readonly List<string> _unjudged = [];

    private ParseTreeNames()
    {
    }

    public IReadOnlyList<CatalogName> Tables => _tables;

    public IReadOnlyList<CatalogName> TableFunctions => _tableFunctions;

    public IReadOnlyList<CatalogName> Functions => _functions;

    /// <summary>Table references the gate does not know how to judge (e.g. <c>SHOW TABLES</c>, which lists the whole catalogue).</summary>
    public IReadOnlyList<string> Unjudged => _unjudged;

    /// <summary>The names in one statement's tree (the <c>node</c> of an element of json_serialize_sql's <c>statements</c>).</summary>
    public static ParseTreeNames Of(JsonElement statement, CancellationToken cancellationToken)
    {
        var names = new ParseTreeNames();
        names.Walk(statement, ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase), cancellationToken);
        return names;
    }

    private void Walk(JsonElement element, ImmutableHashSet<string> ctes, CancellationToken cancellationToken)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, ctes, cancellationToken);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var type = Text(element, "type");
        var skip = default(string);
        if (element.TryGetProperty("cte_map", out var cteMap))
        {
            ctes = WalkCtes(cteMap, ctes, cancellationToken);
            skip = "cte_map";
        }

        if (type == "RECURSIVE_CTE_NODE")
        {
            // The recursive half of WITH RECURSIVE r AS (… UNION ALL SELECT … FROM r) reads the CTE itself.
            ctes = ctes.Add(Text(element, "cte_name"));
        }

        switch (type)
        {
            case "BASE_TABLE":
                var table = new CatalogName(Text(element, "catalog_name"), Text(element, "schema_name"), Text(element, "table_name"));
                if (!(table.Catalog.Length == 0 && table.Schema.Length == 0 && ctes.Contains(table.Name)))
                {
                    _tables.Add(table);
                }

                break;
            case "TABLE_FUNCTION" when element.TryGetProperty("function", out var function):
                _tableFunctions.Add(FunctionName(function));

                // Its arguments are expressions like any other (a subquery, a scalar function).
                foreach (var part in function.EnumerateObject())
                {
                    Walk(part.Value, ctes, cancellationToken);
                }

                skip = "function";
                break;
            case "SHOW_REF" when element.TryGetProperty("query", out var shown) && shown.ValueKind == JsonValueKind.Null:
                _unjudged.Add($"SHOW {Text(element, "table_name").Trim('"')}".TrimEnd());
                break;
            case "COLUMN_DATA" or "DELIM_GET" or "BOUND_TABLE_REF" or "PIVOT":
                _unjudged.Add(type);
                break;
        }

        switch (Text(element, "class"))
        {
            case "FUNCTION" when skip != "function":
                _functions.Add(FunctionName(element));
                break;

            // row_number(), rank(), lag() … are window kinds the parser knows by name (their own expression type);
            // only WINDOW_AGGREGATE names a function of the catalogue (sum(x) OVER …).
            case "WINDOW" when type == "WINDOW_AGGREGATE":
                _functions.Add(FunctionName(element));
                break;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != skip)
            {
                Walk(property.Value, ctes, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Walks each CTE's query with the CTEs defined before it in scope (a later one is not visible to an earlier one,
    /// so a name there is judged as a table), and returns the scope of the query the WITH belongs to: all of them.
    /// </summary>
    private ImmutableHashSet<string> WalkCtes(JsonElement cteMap, ImmutableHashSet<string> ctes, CancellationToken cancellationToken)
    {
        if (!cteMap.TryGetProperty("map", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return ctes;
        }

        foreach (var entry in entries.EnumerateArray())
        {
            Walk(entry.TryGetProperty("value", out var value) ? value : default, ctes, cancellationToken);
            ctes = ctes.Add(Text(entry, "key"));
        }

        return ctes;
    }

    private static CatalogName FunctionName(JsonElement function) =>
        new(Text(function, "catalog"), Text(function, "schema"), Text(function, "function_name"));

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;
}

/// <summary>A name as written in the query: catalog and schema empty when not given.</summary>
internal sealed record CatalogName(string Catalog, string Schema, string Name)
{
    public override string ToString() => string.Join('.', new[] { Catalog, Schema, Name }.Where(part => part.Length > 0));
}
