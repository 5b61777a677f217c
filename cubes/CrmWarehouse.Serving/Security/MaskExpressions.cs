using System.Text.Json.Nodes;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// What a role view selects for a masked column: the body of DuckDB's <c>mask.&lt;kind&gt;</c> macro with its parameter
/// replaced by the column, instead of a call of the macro. DuckDB binds every column a view defines each time a query
/// reading the view is prepared, whether the query reads the column or not; a macro call adds a catalogue look-up and a
/// copy of the body to that. The macros (migrations 0014, 0019) stay the one definition of each mask: their bodies are
/// read from the catalogue, and the parameter is replaced in DuckDB's parse tree (<c>json_serialize_sql</c>, back to
/// text by <c>json_deserialize_sql</c>), so no SQL text is spliced.
/// </summary>
internal sealed class MaskExpressions(DuckDBConnection connection, CancellationToken cancellationToken)
{
    private const string MacrosSql = """
        SELECT function_name, parameters, json_serialize_sql('SELECT ' || macro_definition)
        FROM duckdb_functions() WHERE schema_name = 'mask' AND function_type = 'macro'
        """;

    private Dictionary<string, (string Parameter, string Tree)>? _macros;
    private readonly Dictionary<(string Kind, string Column), string> _made = [];

    /// <summary><c>&lt;body of mask.kind with the column&gt; AS "column"</c>, for the select list of a view.</summary>
    public string Select(string kind, string column)
    {
        if (_made.TryGetValue((kind, column), out var made))
        {
            return made;
        }

        _macros ??= Macros();
        if (!_macros.TryGetValue(kind, out var macro))
        {
            throw new InvalidDataException($"config/roles.json masks a column with '{kind}', but the warehouse has no macro mask.{kind} (its migrations make {string.Join(", ", _macros.Keys.Order(StringComparer.Ordinal).Select(k => "mask." + k))}).");
        }

        var tree = JsonNode.Parse(macro.Tree)!;
        var item = tree["statements"]![0]!["node"]!["select_list"]![0]!;
        item["alias"] = column;
        Substitute(item, macro.Parameter, column);
        using (var command = connection.Command("SELECT json_deserialize_sql($tree::JSON)", ("tree", tree.ToJsonString())))
        {
            cancellationToken.ThrowIfCancellationRequested();
            made = (string)command.ExecuteScalar()!;
        }

        const string Select = "SELECT ";
        made = made.StartsWith(Select, StringComparison.Ordinal)
            ? made[Select.Length..]
            : throw new InvalidOperationException($"DuckDB gave mask.{kind} for column {column} back as '{made}', not as a select list.");
        _made[(kind, column)] = made;
        return made;
    }

    private Dictionary<string, (string Parameter, string Tree)> Macros()
    {
        var macros = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        using var reader = connection.Reader(MacrosSql, cancellationToken);
        while (reader.Read())
        {
            var (name, parameters) = (reader.GetString(0), reader.GetFieldValue<List<string>>(1));
            if (parameters.Count != 1)
            {
                throw new InvalidDataException($"mask.{name} takes {parameters.Count} parameters; a mask takes the one value it hides.");
            }

            macros[name] = (parameters[0], reader.GetString(2));
        }

        return macros;
    }

    /// <summary>Every reference to <paramref name="parameter"/> in the expression becomes one to <paramref name="column"/>.</summary>
    private static void Substitute(JsonNode? node, string parameter, string column)
    {
        switch (node)
        {
            case JsonObject expression when (string?)expression["class"] == "COLUMN_REF"
                && expression["column_names"] is JsonArray { Count: 1 } names && (string?)names[0] == parameter:
                names[0] = column;
                break;
            case JsonObject expression:
                foreach (var (_, child) in expression)
                {
                    Substitute(child, parameter, column);
                }

                break;
            case JsonArray children:
                foreach (var child in children)
                {
                    Substitute(child, parameter, column);
                }

                break;
        }
    }
}
