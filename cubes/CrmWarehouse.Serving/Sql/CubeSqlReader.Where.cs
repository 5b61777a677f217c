using System.Text.Json;

namespace CrmWarehouse.Serving.Sql;

internal static partial class CubeSqlReader
{
    /// <summary>
    /// A WHERE clause or a part of it: a filter, or a condition known without the data (<see cref="Always"/>: true for
    /// <c>1 = 1</c>, false for <c>1 = 0</c>, the tools' way to ask for columns only).
    /// </summary>
    private sealed record Condition(CubeSqlFilter? Filter, bool? Always);

    private sealed partial class Reading
    {
        private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
        {
            ["COMPARE_EQUAL"] = "eq", ["COMPARE_NOTEQUAL"] = "ne", ["COMPARE_LESSTHAN"] = "lt", ["COMPARE_GREATERTHAN"] = "gt",
            ["COMPARE_LESSTHANOREQUALTO"] = "le", ["COMPARE_GREATERTHANOREQUALTO"] = "ge",
        };

        // value < level reads as level > value.
        private static readonly Dictionary<string, string> Mirrored = new(StringComparer.Ordinal)
        {
            ["eq"] = "eq", ["ne"] = "ne", ["lt"] = "gt", ["gt"] = "lt", ["le"] = "ge", ["ge"] = "le",
        };

        private static readonly JsonElement NullLiteral = JsonDocument.Parse("null").RootElement;

        private Condition Where(JsonElement expression)
        {
            switch (Text(expression, "type"))
            {
                case "CONJUNCTION_AND" or "CONJUNCTION_OR":
                    var and = Text(expression, "type") == "CONJUNCTION_AND";
                    var parts = expression.GetProperty("children").EnumerateArray().Select(Where).ToList();
                    if (parts.Any(p => p.Always == !and))
                    {
                        return new Condition(null, !and);
                    }

                    var filters = parts.Where(p => p.Filter is not null).Select(p => p.Filter!).ToList();
                    return filters.Count switch
                    {
                        0 => new Condition(null, and),
                        1 => new Condition(filters[0], null),
                        _ => new Condition(new CubeSqlFilter(and ? "and" : "or", null, [], filters), null),
                    };
                case "OPERATOR_NOT":
                    var inner = Where(expression.GetProperty("children")[0]);
                    return inner.Filter is null ? new Condition(null, !inner.Always) : new Condition(new CubeSqlFilter("not", null, [], [inner.Filter]), null);
                case "VALUE_CONSTANT" when expression.GetProperty("value") is { } constant && constant.GetProperty("type").GetProperty("id").GetString() == "BOOLEAN":
                    return new Condition(null, constant.GetProperty("value").ValueKind == JsonValueKind.True);
                case "OPERATOR_CAST" when expression.GetProperty("cast_type").GetProperty("id").GetString() == "BOOLEAN" && IsLiteral(expression)
                    && Literal(expression) is { ValueKind: JsonValueKind.String } truth && truth.GetString() is "t" or "f" or "true" or "false":
                    // WHERE true / WHERE false parse as casts of 't' and 'f'.
                    return new Condition(null, truth.GetString()![0] == 't');
                case var type when Comparisons.TryGetValue(type, out var op):
                    return Comparison(expression, op);
                case "COMPARE_IN" or "COMPARE_NOT_IN":
                    var children = expression.GetProperty("children").EnumerateArray().ToList();
                    var level = Level(children[0], expression);
                    return new Condition(new CubeSqlFilter(Text(expression, "type") == "COMPARE_IN" ? "in" : "not_in", level.Id, [.. children.Skip(1).Select(v => Value(v, level))], []), null);
                case "COMPARE_BETWEEN" or "COMPARE_NOT_BETWEEN":
                    var between = Level(expression.GetProperty("input"), expression);
                    var range = new CubeSqlFilter("range", between.Id, [Value(expression.GetProperty("lower"), between), Value(expression.GetProperty("upper"), between)], []);
                    return new Condition(Text(expression, "type") == "COMPARE_BETWEEN" ? range : new CubeSqlFilter("not", null, [], [range]), null);
                case "FUNCTION" when Text(expression, "function_name") is "~~" or "!~~" && expression.GetProperty("children").GetArrayLength() == 2:
                    var like = expression.GetProperty("children");
                    var matched = Level(like[0], expression);
                    return new Condition(new CubeSqlFilter(Text(expression, "function_name") == "~~" ? "like" : "not_like", matched.Id, [Value(like[1], matched)], []), null);
                default:
                    throw Unsupported($"WHERE {At(expression)}: a cube relation is filtered by comparing a level with values.");
            }
        }

        private Condition Comparison(JsonElement expression, string op)
        {
            var (left, right) = (expression.GetProperty("left"), expression.GetProperty("right"));
            if (IsLiteral(left) && IsLiteral(right) && op is "eq" or "ne")
            {
                // 1 = 0, 1 = 1: known without the data.
                var same = Literal(left).GetRawText() == Literal(right).GetRawText();
                return new Condition(null, op == "eq" ? same : !same);
            }

            var columnFirst = Text(left, "class") == "COLUMN_REF";
            var level = Level(columnFirst ? left : right, expression);
            return new Condition(new CubeSqlFilter(columnFirst ? op : Mirrored[op], level.Id, [Value(columnFirst ? right : left, level)], []), null);
        }

        /// <summary>The level a filter tests; a measure or an expression there is refused.</summary>
        private Cubes.Model.Level Level(JsonElement expression, JsonElement filter)
        {
            if (Text(expression, "class") != "COLUMN_REF")
            {
                throw Unsupported($"WHERE {At(filter)}: a cube relation is filtered by comparing a level (as it is, no expression over it) with values.");
            }

            var column = Named(expression);
            return column.Kind == CubeColumnKind.Level
                ? relation.Cube.FindLevel(column.Name)!
                : throw Unsupported($"WHERE {At(filter)}: {Quote(column.Name)} is a measure; WHERE filters levels (a measure's value is known only once grouped, and HAVING is not supported).");
        }

        /// <summary>A value compared with a level: a literal (a cast of one keeps the literal) or a parameter.</summary>
        private CubeSqlValue Value(JsonElement expression, Cubes.Model.Level level)
        {
            if (Text(expression, "class") == "PARAMETER" && int.TryParse(Text(expression, "identifier"), System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1)
            {
                while (_parameters.Count < number)
                {
                    _parameters.Add(level);
                }

                _parameters[number - 1] = level;
                return new CubeSqlValue(null, number - 1);
            }

            if (!IsLiteral(expression))
            {
                throw Unsupported($"WHERE {At(expression)}: a level is compared with literal values or parameters, not with expressions or other columns.");
            }

            var literal = Literal(expression);
            return literal.ValueKind == JsonValueKind.Null
                ? throw Unsupported($"WHERE {At(expression)}: a comparison with NULL matches no row; IS NULL is not supported on a cube relation.")
                : new CubeSqlValue(literal.Clone(), null);
        }

        private static bool IsLiteral(JsonElement expression) =>
            Text(expression, "class") == "CONSTANT" || (Text(expression, "class") == "CAST" && IsLiteral(expression.GetProperty("child")));

        private static JsonElement Literal(JsonElement expression)
        {
            if (Text(expression, "class") == "CAST")
            {
                return Literal(expression.GetProperty("child"));
            }

            var value = expression.GetProperty("value");
            // A DECIMAL literal is serialised as its unscaled integer (1.5 as 15): not a value a level's key can equal.
            return value.GetProperty("is_null").GetBoolean() ? NullLiteral
                : value.GetProperty("type").GetProperty("id").GetString() is "DECIMAL" ? throw Unsupported("WHERE: a level's key is an integer or text; compare it with one, not with a decimal number.")
                : value.GetProperty("value");
        }
    }
}
