using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>The parameters of one compiled statement: every user value goes here, never into the SQL text.</summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, object> _values = [];

    public IReadOnlyDictionary<string, object> Values => _values;

    public string Add(object value)
    {
        var name = $"p{_values.Count + 1}";
        _values[name] = value;
        return "$" + name;
    }

    /// <summary>Converts a user value to the level's type, so that DuckDB compares like with like.</summary>
    public string Add(Level level, JsonElement value, string filter)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new CubeQueryException($"Filter on '{level.Id}' ({filter}): {value.ValueKind} is not a value."),
        };
        if (level.Type == LevelType.String)
        {
            return Add(text);
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? Add(number)
            : throw new CubeQueryException($"Filter on '{level.Id}' ({filter}): '{text}' is not an integer.");
    }
}
