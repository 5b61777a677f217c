using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;

namespace CrmWarehouse.Serving.Sql;

/// <summary>A value in a cube SQL filter: a literal of the query text, or a parameter (<c>$1</c>, 0-based here) bound later.</summary>
internal sealed record CubeSqlValue(JsonElement? Literal, int? Parameter)
{
    public JsonElement Bind(IReadOnlyList<object?> values)
    {
        if (Literal is { } literal)
        {
            return literal;
        }

        var index = Parameter!.Value;
        if (index >= values.Count)
        {
            throw new SqlRefusedException($"The query reads parameter ${index + 1}, and {values.Count} were given.", SqlRefusal.NotSupported);
        }

        // As text: the cube compiler converts it to the level's type (an integer key, or text) and says so when it cannot.
        return values[index] is null or DBNull
            ? throw new SqlRefusedException($"Parameter ${index + 1} is NULL: a cube filter compares with values, and no level equals NULL.", SqlRefusal.NotSupported)
            : JsonSerializer.SerializeToElement(Convert.ToString(values[index], CultureInfo.InvariantCulture));
    }
}

/// <summary>A WHERE clause read as cube filters, before its parameters are bound: a test of one level, or and/or/not.</summary>
internal sealed record CubeSqlFilter(string Op, string? Level, IReadOnlyList<CubeSqlValue> Values, IReadOnlyList<CubeSqlFilter> Parts)
{
    /// <summary>How many values it compares with, its parts' included (the cube API's filter value cap applies).</summary>
    public int ValueCount => Values.Count + Parts.Sum(p => p.ValueCount);

    public CubeFilter Bind(IReadOnlyList<object?> values) => Op switch
    {
        "and" or "or" or "not" => new CubeFilter { Op = Op, Filters = [.. Parts.Select(p => p.Bind(values))] },
        "in" or "not_in" => new CubeFilter { Op = Op, Level = Level, Values = [.. Values.Select(v => v.Bind(values))] },
        "range" => new CubeFilter { Op = Op, Level = Level, From = Values[0].Bind(values), To = Values[1].Bind(values) },
        _ => new CubeFilter { Op = Op, Level = Level, Value = Values[0].Bind(values) },
    };
}

/// <summary>A column of the SQL answer: its name as the query asked, the cube column it shows, and that column's type.</summary>
internal sealed record CubeSqlOutput(string Name, CubeColumn Column);

/// <summary>
/// A SELECT on <c>cubes.&lt;cube&gt;</c> read from its parse tree (<see cref="CubeSqlReader"/>): which columns it
/// returns, and the cube query that answers it once its parameters are bound. The query's own text never runs: the
/// doors run <see cref="Wrap"/> of the compiled cube query (or <see cref="EmptySql"/> when it asks for no rows).
/// </summary>
internal sealed record CubeSqlStatement(
    CubeRelation Relation,
    IReadOnlyList<CubeSqlOutput> Outputs,
    IReadOnlyList<string> By,
    IReadOnlyList<string> Measures,
    CubeSqlFilter? Where,
    IReadOnlyList<CubeOrder> OrderBy,
    int? Limit,
    bool Empty)
{
    /// <summary>Per parameter (<c>$1</c> first): the level it is compared with, whose type it takes.</summary>
    public IReadOnlyList<Level> Parameters { get; init; } = [];

    /// <summary>The cube query this statement asks, with <paramref name="values"/> for its parameters.</summary>
    public CubeQuery Bind(IReadOnlyList<object?> values) => new()
    {
        Measures = Measures,
        By = By,
        Where = Where is null ? [] : [Where.Bind(values)],
        OrderBy = OrderBy,
        Limit = Limit,
    };

    /// <summary>The answer's columns from the compiled cube query (alias <c>c</c>), each cast to its relation's declared type.</summary>
    public string Wrap(CompiledQuery compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        return new StringBuilder("SELECT ")
            .AppendJoin(", ", Outputs.Select(o => $"CAST(c.{CubeRelations.Quote(o.Column.Name)} AS {o.Column.SqlType}) AS {CubeRelations.Quote(o.Name)}"))
            .Append("\nFROM (\n").Append(compiled.Sql).Append("\n) c")
            .ToString();
    }

    /// <summary>No rows, the answer's columns typed (column discovery: <c>LIMIT 0</c>, <c>WHERE 1 = 0</c>).</summary>
    public string EmptySql =>
        $"SELECT {string.Join(", ", Outputs.Select(o => $"CAST(NULL AS {o.Column.SqlType}) AS {CubeRelations.Quote(o.Name)}"))} LIMIT 0";
}
