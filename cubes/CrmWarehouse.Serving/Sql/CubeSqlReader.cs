using System.Text.Json;
using CrmWarehouse.Cubes.Query;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// Reads a SELECT on a cube relation from DuckDB's parse tree (<c>json_serialize_sql</c>) into the cube query that
/// answers it. One shape is taken, the one BI tools generate:
/// <c>SELECT levels, measures FROM cubes.cube [WHERE filters on levels] [GROUP BY levels] [ORDER BY …] [LIMIT n]</c>,
/// where a measure is written bare, <c>sum(m)</c> or <c>MEASURE(m)</c> (all three: the measure aggregated by its own
/// rule); <c>SELECT DISTINCT levels</c> lists members; <c>LIMIT 0</c> or a WHERE that is always false (<c>1 = 0</c>)
/// answers no rows, for column discovery. Anything else that names a cube relation is refused, saying which part and
/// what shape is answered, so that a cube relation never becomes a way for other SQL past the gate.
/// </summary>
internal static partial class CubeSqlReader
{
    public const string Shape =
        "SELECT levels, measures (m, sum(m) or MEASURE(m)) FROM cubes.<cube> [WHERE level =, <>, <, <=, >, >=, IN, BETWEEN, LIKE values, with AND, OR, NOT] [GROUP BY levels] [ORDER BY columns] [LIMIT n]";

    private static readonly string[] MeasureFunctions = ["sum", "measure"];

    /// <summary>Reads <paramref name="node"/> (a statement's <c>node</c>) of <paramref name="sql"/>; throws <see cref="SqlRefusedException"/> naming the fault.</summary>
    public static CubeSqlStatement Read(JsonElement node, string sql, CubeRelations cubes)
    {
        var from = node.TryGetProperty("from_table", out var table) ? table : default;
        if (Text(node, "type") != "SELECT_NODE" || Text(from, "type") != "BASE_TABLE" || !Text(from, "schema_name").Equals(CubeRelations.Schema, StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported($"A cube relation is read on its own, as the only relation of one SELECT: joins, subqueries, WITH and UNION are not supported on {CubeRelations.Schema}.*.");
        }

        if (Text(from, "catalog_name").Length > 0)
        {
            throw new SqlRefusedException($"'{Text(from, "catalog_name")}.{CubeRelations.Schema}.{Text(from, "table_name")}' names a database: name a cube relation {CubeRelations.Schema}.<cube>.");
        }

        var relation = cubes.Find(Text(from, "table_name")) ?? throw new SqlRefusedException(cubes.All.Count == 0
            ? $"Relation {CubeRelations.Schema}.{Text(from, "table_name")} does not exist yet: the cube relations are made once the warehouse has its star schema (after its first load)."
            : $"Relation {CubeRelations.Schema}.{Text(from, "table_name")} does not exist. Cubes: {string.Join(", ", cubes.All.Select(r => r.Name).Order(StringComparer.Ordinal))}.", SqlRefusal.UndefinedTable);
        if (node.GetProperty("cte_map").GetProperty("map").GetArrayLength() > 0)
        {
            throw Unsupported("WITH is not supported on a cube relation.");
        }

        foreach (var clause in (string[])["having", "qualify", "sample"])
        {
            if (node.TryGetProperty(clause, out var part) && part.ValueKind != JsonValueKind.Null)
            {
                throw Unsupported(clause == "having"
                    ? "HAVING is not supported on a cube relation: filter levels in WHERE."
                    : $"{clause.ToUpperInvariant()} is not supported on a cube relation.");
            }
        }

        if ((from.TryGetProperty("sample", out var sample) && sample.ValueKind != JsonValueKind.Null)
            || (from.TryGetProperty("at_clause", out var at) && at.ValueKind != JsonValueKind.Null)
            || (from.TryGetProperty("column_name_alias", out var renamed) && renamed.GetArrayLength() > 0))
        {
            throw Unsupported("TABLESAMPLE, AT (time travel) and column aliases in FROM are not supported on a cube relation.");
        }

        return new Reading(relation, Text(from, "alias"), sql).Read(node);
    }

    private static SqlRefusedException Unsupported(string message) =>
        new($"{message} Supported on a cube relation: {Shape}.", SqlRefusal.NotSupported);

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;

    /// <summary>One SELECT being read: its relation, the alias it goes by, and its text (quoted in messages).</summary>
    private sealed partial class Reading(CubeRelation relation, string alias, string sql)
    {
        private readonly List<(string Name, CubeColumn Column, JsonElement Expression)> _selected = [];
        private readonly List<Cubes.Model.Level> _parameters = [];
        private bool _star;

        public CubeSqlStatement Read(JsonElement node)
        {
            var distinct = false;
            var orders = new List<CubeOrder>();
            int? limit = null;
            foreach (var modifier in node.GetProperty("modifiers").EnumerateArray())
            {
                switch (Text(modifier, "type"))
                {
                    case "DISTINCT_MODIFIER" when modifier.GetProperty("distinct_on_targets").GetArrayLength() == 0:
                        distinct = true;
                        break;
                    case "ORDER_MODIFIER":
                        break;
                    case "LIMIT_MODIFIER":
                        limit = Limit(modifier);
                        break;
                    default:
                        throw Unsupported($"{Text(modifier, "type").Replace("_MODIFIER", string.Empty, StringComparison.Ordinal).Replace('_', ' ')} is not supported on a cube relation.");
                }
            }

            foreach (var item in node.GetProperty("select_list").EnumerateArray())
            {
                Select(item);
            }

            var where = node.TryGetProperty("where_clause", out var clause) && clause.ValueKind != JsonValueKind.Null ? Where(clause) : new Condition(null, true);
            if (limit == 0 || where.Always == false)
            {
                // Column discovery: no rows are asked, so nothing is grouped or compiled; the columns are typed as declared.
                return new CubeSqlStatement(relation, [.. _selected.Select(s => new CubeSqlOutput(s.Name, s.Column))], [], [], null, [], null, Empty: true) { Parameters = _parameters };
            }

            if (_star)
            {
                throw Unsupported($"SELECT * lists the columns of {relation.Name} (with LIMIT 0 or WHERE 1 = 0); a cube relation has no rows of its own, so name the levels to group by and the measures to compute.");
            }

            var measures = _selected.Where(s => s.Column.Kind == CubeColumnKind.Measure).Select(s => s.Column.Name).Distinct().ToList();
            var by = GroupBy(node, measures.Count > 0, distinct);
            foreach (var modifier in node.GetProperty("modifiers").EnumerateArray().Where(m => Text(m, "type") == "ORDER_MODIFIER"))
            {
                foreach (var order in modifier.GetProperty("orders").EnumerateArray())
                {
                    var column = OrderColumn(order.GetProperty("expression"));
                    if (column.Kind == CubeColumnKind.Level && !by.Contains(column.Name))
                    {
                        throw Unsupported($"ORDER BY {Quote(column.Name)}: a level is ordered by only when it is grouped by.");
                    }

                    if (column.Kind == CubeColumnKind.Measure && !measures.Contains(column.Name))
                    {
                        measures.Add(column.Name);
                    }

                    orders.Add(new CubeOrder(column.Name, Text(order, "type") == "DESCENDING"));
                }
            }

            if (measures.Count == 0)
            {
                // Members only: any measure groups them; the cheapest is a count the rollups keep.
                measures.Add(relation.Cube.Measures.FirstOrDefault(m => m.Kind == Cubes.Model.MeasureKind.Count && !m.IsSemiAdditive)?.Name ?? relation.Cube.Measures[0].Name);
            }

            return new CubeSqlStatement(
                relation,
                [.. _selected.Select(s => new CubeSqlOutput(s.Name, s.Column))],
                by,
                measures,
                where.Filter,
                orders,
                limit is > 0 ? limit : null,
                Empty: false)
            {
                Parameters = _parameters,
            };
        }

        private int Limit(JsonElement modifier)
        {
            if (modifier.TryGetProperty("offset", out var offset) && offset.ValueKind != JsonValueKind.Null)
            {
                throw Unsupported("OFFSET is not supported on a cube relation: raise the LIMIT, or filter on a level.");
            }

            var limit = modifier.GetProperty("limit");
            return limit.ValueKind == JsonValueKind.Null ? -1
                : Text(limit, "class") == "CONSTANT" && limit.GetProperty("value").GetProperty("value") is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var n) && n >= 0 ? n
                : throw Unsupported($"LIMIT {At(limit)} is not supported on a cube relation: LIMIT takes a whole number.");
        }

        /// <summary>A select-list entry: a level, a measure (bare, sum or MEASURE), or * (every column).</summary>
        private void Select(JsonElement item)
        {
            if (Text(item, "class") == "STAR")
            {
                if (item.GetProperty("columns").GetBoolean() || item.GetProperty("exclude_list").GetArrayLength() > 0 || item.GetProperty("replace_list").GetArrayLength() > 0)
                {
                    throw Unsupported("COLUMNS(), * EXCLUDE and * REPLACE are not supported on a cube relation.");
                }

                _selected.AddRange(relation.Columns.Select(c => (c.Name, c, item)));
                _star = true;
                return;
            }

            var column = Column(item, measureFunctions: true);
            var name = Text(item, "alias") is { Length: > 0 } given ? given : column.Name;
            _selected.Add((name, column, item));
        }

        /// <summary>The levels grouped by, select-list order first; checked against what is selected, as SQL would.</summary>
        private List<string> GroupBy(JsonElement node, bool hasMeasures, bool distinct)
        {
            var selectedLevels = _selected.Where(s => s.Column.Kind == CubeColumnKind.Level).Select(s => s.Column.Name).Distinct().ToList();
            var expressions = node.GetProperty("group_expressions");
            if (node.GetProperty("group_sets").GetArrayLength() > 1)
            {
                throw Unsupported("GROUPING SETS, ROLLUP and CUBE are not supported on a cube relation (the cube API's totals give subtotals).");
            }

            if (Text(node, "aggregate_handling") == "FORCE_AGGREGATES" || expressions.GetArrayLength() == 0)
            {
                // GROUP BY ALL, or none: a query with measures groups by what it selects only when it says so (or DISTINCT).
                if (expressions.GetArrayLength() == 0 && Text(node, "aggregate_handling") != "FORCE_AGGREGATES" && selectedLevels.Count > 0 && !distinct)
                {
                    throw Unsupported(hasMeasures
                        ? $"Level {Quote(selectedLevels[0])} is selected beside measures: add GROUP BY {string.Join(", ", selectedLevels.Select(Quote))}."
                        : $"A cube relation has no rows of its own: list members with SELECT DISTINCT {string.Join(", ", selectedLevels.Select(Quote))} or GROUP BY them.");
                }

                return selectedLevels;
            }

            var grouped = new List<string>();
            foreach (var expression in expressions.EnumerateArray())
            {
                var column = GroupColumn(expression);
                if (column.Kind == CubeColumnKind.Measure)
                {
                    throw Unsupported($"GROUP BY {At(expression)}: {Quote(column.Name)} is a measure; group by levels.");
                }

                grouped.Add(column.Name);
            }

            var ungrouped = selectedLevels.FirstOrDefault(l => !grouped.Contains(l));
            if (ungrouped is not null)
            {
                throw Unsupported($"Level {Quote(ungrouped)} is selected but not grouped by: add it to GROUP BY.");
            }

            var hidden = grouped.Where(g => !selectedLevels.Contains(g)).Distinct().ToList();
            if (distinct && hidden.Count > 0)
            {
                throw Unsupported($"SELECT DISTINCT with GROUP BY {Quote(hidden[0])}, which is not selected, is not supported on a cube relation: select it, or leave it out of GROUP BY.");
            }

            return [.. selectedLevels, .. hidden];
        }

        /// <summary>A GROUP BY entry: a level by name, by its position in the select list, or by its alias there.</summary>
        private CubeColumn GroupColumn(JsonElement expression) =>
            Position(expression) ?? Aliased(expression) ?? Column(expression, measureFunctions: false);

        /// <summary>An ORDER BY entry: a select-list position or alias, a level, or a measure (also as sum/MEASURE).</summary>
        private CubeColumn OrderColumn(JsonElement expression) =>
            Position(expression) ?? Aliased(expression) ?? Column(expression, measureFunctions: true);

        private CubeColumn? Position(JsonElement expression)
        {
            if (Text(expression, "class") != "CONSTANT")
            {
                return null;
            }

            return expression.GetProperty("value").GetProperty("value") is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var position)
                && position >= 1 && position <= _selected.Count
                ? _selected[position - 1].Column
                : throw Unsupported($"{At(expression)} is not a position in the select list (1 to {_selected.Count}).");
        }

        private CubeColumn? Aliased(JsonElement expression) =>
            Text(expression, "class") == "COLUMN_REF" && expression.GetProperty("column_names").GetArrayLength() == 1
            && _selected.FirstOrDefault(s => s.Name.Equals(expression.GetProperty("column_names")[0].GetString(), StringComparison.OrdinalIgnoreCase)
                && relation.Find(s.Name) is null) is { Column: { } column }
                ? column
                : null;

        /// <summary>A column named in the query (<c>"date.year"</c>, <c>x."date.year"</c>, <c>amount</c>), or with <paramref name="measureFunctions"/> a measure in sum/MEASURE.</summary>
        private CubeColumn Column(JsonElement expression, bool measureFunctions)
        {
            switch (Text(expression, "class"))
            {
                case "COLUMN_REF":
                    return Named(expression);
                case "FUNCTION" when Text(expression, "function_name").ToLowerInvariant() is var function && expression.GetProperty("children") is { } children:
                    var over = children.GetArrayLength() == 1 && Text(children[0], "class") == "COLUMN_REF" ? Named(children[0]) : null;
                    if (over is { Kind: CubeColumnKind.Measure } && measureFunctions && MeasureFunctions.Contains(function) && Plain(expression))
                    {
                        return over;
                    }

                    throw Unsupported(over is { Kind: CubeColumnKind.Measure }
                        ? $"{At(expression)}: a measure is read as itself, sum({over.Name}) or MEASURE({over.Name}), which aggregate it by the cube's own rule; other functions over a measure are not supported."
                        : $"{At(expression)}: functions and expressions over cube columns are not supported; select levels and measures as they are.");
                default:
                    throw Unsupported($"{At(expression)}: only levels and measures of {relation.Name} can be selected, grouped and ordered by.");
            }
        }

        /// <summary>No DISTINCT, FILTER or ORDER BY inside the aggregate.</summary>
        private static bool Plain(JsonElement function) =>
            !(function.TryGetProperty("distinct", out var distinct) && distinct.GetBoolean())
            && !(function.TryGetProperty("filter", out var filter) && filter.ValueKind != JsonValueKind.Null)
            && !(function.TryGetProperty("order_bys", out var orders) && orders.GetProperty("orders").GetArrayLength() > 0);

        private CubeColumn Named(JsonElement reference)
        {
            var parts = reference.GetProperty("column_names").EnumerateArray().Select(p => p.GetString()!).ToList();
            var qualifier = parts.Count > 1 && (parts[0].Equals(alias, StringComparison.OrdinalIgnoreCase) || (alias.Length == 0 && parts[0].Equals(relation.Cube.Name, StringComparison.OrdinalIgnoreCase)))
                ? 1
                : parts.Count > 2 && parts[0].Equals(CubeRelations.Schema, StringComparison.OrdinalIgnoreCase) && parts[1].Equals(relation.Cube.Name, StringComparison.OrdinalIgnoreCase) ? 2 : 0;

            // A level written unquoted (date.year) parses as table date, column year: its parts joined name it as well.
            return relation.Find(string.Join('.', parts.Skip(qualifier))) ?? relation.Find(string.Join('.', parts)) ?? throw new SqlRefusedException(
                $"Column {Quote(string.Join('.', parts))} does not exist in {relation.Name}. Levels: {string.Join(", ", relation.Columns.Where(c => c.Kind == CubeColumnKind.Level).Select(c => c.Name))}. " +
                $"Measures: {string.Join(", ", relation.Columns.Where(c => c.Kind == CubeColumnKind.Measure).Select(c => c.Name))}. Quote level names: \"date.year\".",
                SqlRefusal.UndefinedColumn);
        }

        /// <summary>The query text an element of the tree starts at, for messages (DuckDB gives its offset).</summary>
        private string At(JsonElement element)
        {
            // An operator's location is the operator's; the expression starts at its first operand.
            var offset = new[] { element, Child(element, "left"), Child(element, "input"), Child(element, "children") }
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("query_location", out var at) && at.TryGetInt32(out var o) && o >= 0 && o < sql.Length ? o : int.MaxValue)
                .Min();
            if (offset == int.MaxValue)
            {
                return "this expression";
            }

            var text = Snippet(sql.AsSpan(offset));
            return $"'{(text.Length > 60 ? text[..60] + "…" : text)}'";
        }

        private static JsonElement Child(JsonElement element, string property) =>
            !element.TryGetProperty(property, out var child) ? default
            : child.ValueKind == JsonValueKind.Array ? (child.GetArrayLength() > 0 ? child[0] : default)
            : child;

        /// <summary>
        /// The expression starting the text, for a message only: up to a comma or closing bracket outside brackets and
        /// quotes, or a clause keyword (the tree gives where an expression starts, not where it ends).
        /// </summary>
        private static string Snippet(ReadOnlySpan<char> text)
        {
            var (depth, quote) = (0, '\0');
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote != '\0')
                {
                    quote = c == quote ? '\0' : quote;
                    continue;
                }

                switch (c)
                {
                    case '\'' or '"':
                        quote = c;
                        break;
                    case '(':
                        depth++;
                        break;
                    case ')' when depth == 0:
                    case ',' when depth == 0:
                    case '\n':
                        return text[..i].ToString().TrimEnd();
                    case ')':
                        depth--;
                        break;
                    case ' ' when depth == 0 && EndsExpression(text[(i + 1)..]):
                        return text[..i].ToString().TrimEnd();
                }
            }

            return text.ToString().TrimEnd();
        }

        private static bool EndsExpression(ReadOnlySpan<char> rest)
        {
            foreach (var keyword in (string[])["FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "AND", "OR", "AS", "UNION"])
            {
                if (rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) && (rest.Length == keyword.Length || !char.IsLetterOrDigit(rest[keyword.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Quote(string name) => CubeRelations.Quote(name);
    }
}
