using System.Text.Json;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The tables and table functions a SELECT names, read from DuckDB's own parse tree (<c>json_serialize_sql</c>),
/// for the query audit and for checking a query against its role's scope. CTE names are not relations. The full
/// gate (functions allow-list, EXPLAIN, every door's refusal messages) is the SQL gate's; this is the part of it the
/// security model needs: which relations, and whether the role may name them.
/// </summary>
public static class QueryRelations
{
    // Table functions that only make rows from their arguments; every other one reads something (files, catalogs).
    private static readonly HashSet<string> HarmlessTableFunctions = new(["range", "generate_series", "unnest"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The relations <paramref name="sql"/> names (<c>schema.table</c> or <c>table</c>); null when DuckDB cannot serialise it (not one SELECT).</summary>
    public static IReadOnlyList<NamedRelation>? Of(DuckDBConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (string.IsNullOrWhiteSpace(sql))
        {
            // Nothing to name; the SQL gate refuses an empty query with its own message.
            return [];
        }

        using var command = connection.CreateCommand();
        // The cast: json_serialize_sql must know at bind time that its argument is text.
        command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        if (command.ExecuteScalar() is not string serialised)
        {
            return null;
        }

        using var tree = JsonDocument.Parse(serialised);
        if (tree.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            return null;
        }

        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var found = new List<NamedRelation>();
        Walk(tree.RootElement, ctes, found);
        return found.Where(r => r.Function || r.Schema is not null || !ctes.Contains(r.Name)).Distinct().ToList();
    }

    /// <summary>Refuses <paramref name="sql"/> when it names a relation outside <paramref name="scope"/>; returns what it names.</summary>
    public static IReadOnlyList<NamedRelation> Check(DuckDBConnection connection, string sql, RoleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var relations = Of(connection, sql);
        if (scope.BaseSchemas)
        {
            return relations ?? [];
        }

        if (relations is null)
        {
            throw new AccessDeniedException($"Only a single SELECT can be checked against the views of schema {scope.ViewSchema}; this statement cannot.");
        }

        foreach (var relation in relations)
        {
            if (relation.Function ? !HarmlessTableFunctions.Contains(relation.Name) : !scope.Allows(relation.Catalog, relation.Schema, relation.Name))
            {
                throw new AccessDeniedException(
                    $"{(relation.Function ? "Table function" : "Relation")} {relation} is not available to this role: it reads the views of schema {scope.ViewSchema} ({string.Join(", ", scope.Views.Order(StringComparer.Ordinal).Take(12))}{(scope.Views.Count > 12 ? ", …" : "")}).");
            }
        }

        return relations;
    }

    private static void Walk(JsonElement node, HashSet<string> ctes, List<NamedRelation> found)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.TryGetProperty("cte_map", out var cteMap) && cteMap.TryGetProperty("map", out var map) && map.ValueKind == JsonValueKind.Array)
                {
                    foreach (var entry in map.EnumerateArray())
                    {
                        if (entry.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                        {
                            ctes.Add(key.GetString()!);
                        }
                    }
                }

                if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                {
                    if (type.GetString() == "BASE_TABLE")
                    {
                        found.Add(new NamedRelation(Text(node, "catalog_name"), Text(node, "schema_name"), Text(node, "table_name") ?? string.Empty, Function: false));
                    }
                    else if (type.GetString() == "TABLE_FUNCTION" && node.TryGetProperty("function", out var function))
                    {
                        found.Add(new NamedRelation(Text(function, "catalog"), Text(function, "schema"), Text(function, "function_name") ?? "?", Function: true));
                    }
                }

                foreach (var property in node.EnumerateObject())
                {
                    Walk(property.Value, ctes, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, ctes, found);
                }

                break;
        }
    }

    private static string? Text(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

/// <summary>A relation a query names: a table or view (<see cref="Function"/> false) or a table function.</summary>
public sealed record NamedRelation(string? Catalog, string? Schema, string Name, bool Function)
{
    public override string ToString() => string.Join('.', new[] { Catalog, Schema, Name }.Where(p => p is not null)) + (Function ? "()" : string.Empty);
}
