using System.Globalization;
using System.Text;
using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// The answer around the core aggregate (<c>q</c>, and <c>s</c>, the series time modifiers read): each level's key and caption (members' names, 2026-Q2, the
/// unknown member and the totals labelled), time modifiers, the order (bands in natural order, the unknown last,
/// subtotals after their group, a user's order within the detail rows) and a limit that counts detail rows only.
/// </summary>
internal static class Presentation
{
    public static (string Sql, IReadOnlyList<AnswerColumn> Columns) Wrap(ResolvedQuery query, string core, string? series)
    {
        var totals = query.Levels.Count > 0 ? query.Query.Totals : CubeTotals.None;
        var english = query.Query.Language == "en";
        var n = query.Levels.Count;
        var columns = new List<string>();
        var answer = new List<AnswerColumn>();
        foreach (var (level, i) in query.Levels.Select((l, i) => (l, i)))
        {
            var key = $"q.{RollupColumns.Quote(level.Id)}";
            columns.Add(key);
            answer.Add(new AnswerColumn(level.Id, AnswerRole.Level, null, null, level.Description));
            var total = totals == CubeTotals.None ? string.Empty : $"WHEN (q.{CoreSelect.Grouping} >> {n - 1 - i}) & 1 = 1 THEN '{(english ? "Total" : "合计")}' ";
            columns.Add($"CASE {total}WHEN {Unknown(level, key)} THEN '{(english ? "Unknown" : "未知")}' ELSE coalesce({Caption(level, key, english)}, CAST({key} AS VARCHAR)) END AS {RollupColumns.Quote(level.Id + ":caption")}");
            answer.Add(new AnswerColumn(level.Id + ":caption", AnswerRole.Caption, null, null, level.Description));
        }

        if (totals != CubeTotals.None)
        {
            columns.Add($"q.{CoreSelect.Grouping}");
            answer.Add(new AnswerColumn(CoreSelect.Grouping, AnswerRole.Grouping, null, null, null));
        }

        foreach (var asked in query.Requested)
        {
            columns.Add($"{(asked.Modifier is null ? $"q.{RollupColumns.Quote(asked.Measure.Name)}" : TimeIntelligence.Sql(query, asked, totals != CubeTotals.None, series is null ? "q" : "s"))} AS {RollupColumns.Quote(asked.Column)}");
            answer.Add(asked.Modifier is null
                ? new AnswerColumn(asked.Column, AnswerRole.Measure, asked.Measure.Format, asked.Measure.Unit, asked.Measure.Description)
                : new AnswerColumn(asked.Column, AnswerRole.Measure, asked.Modifier.IsGrowth ? "0.0%" : asked.Measure.Format,
                    asked.Modifier.IsGrowth ? null : asked.Measure.Unit, asked.Modifier.Describe(asked.Measure.Description)));
        }

        var order = string.Join(", ", Order(query, totals));
        var sql = new StringBuilder("WITH q AS (\n").Append(core).Append("\n),\n");
        if (series is not null)
        {
            sql.Append("s AS (\n").Append(series).Append("\n),\n");
        }

        var points = query.Requested.Select(r => r.Modifier is null ? null : TimeIntelligence.Point(r.Modifier)).OfType<TimeModifier>().Distinct();
        var joins = string.Concat(points.Select(p => "\n" + TimeIntelligence.Join(query, p, totals != CubeTotals.None, series is null ? "q" : "s")));
        sql.Append("a AS (\nSELECT ").AppendJoin(",\n       ", columns).Append("\nFROM q").Append(joins).Append("\n)\n");
        if (query.Query.Limit is { } limit && totals != CubeTotals.None)
        {
            // Detail rows are counted; subtotal and total rows come with them and are not.
            sql.Append("SELECT * EXCLUDE (_rank) FROM (SELECT *, row_number() OVER (PARTITION BY ").Append(CoreSelect.Grouping).Append(" = 0 ORDER BY ").Append(order)
                .Append(") AS _rank FROM a)\nWHERE ").Append(CoreSelect.Grouping).Append(" <> 0 OR _rank <= ").Append(limit.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sql.Append("SELECT * FROM a");
        }

        if (order.Length > 0)
        {
            sql.Append("\nORDER BY ").Append(order);
        }

        if (query.Query.Limit is { } plain && totals == CubeTotals.None)
        {
            sql.Append("\nLIMIT ").Append(plain.ToString(CultureInfo.InvariantCulture));
        }

        return (sql.ToString(), answer);
    }

    /// <summary>
    /// Levels outermost first, each: its totals after its members, the unknown member last, bands in their natural
    /// order, then by key. A user's order sorts the rows within the innermost level's group (all rows without totals).
    /// </summary>
    private static IEnumerable<string> Order(ResolvedQuery query, CubeTotals totals)
    {
        var user = query.Query.OrderBy.Select(o => $"{RollupColumns.Quote(o.Field)} {(o.Descending ? "DESC" : "ASC")} NULLS LAST").ToList();
        var n = query.Levels.Count;
        if (totals == CubeTotals.None)
        {
            return user.Concat(query.Levels.SelectMany(l => LevelOrder(l, null)));
        }

        return query.Levels.Take(n - 1).SelectMany((l, i) => LevelOrder(l, n - 1 - i))
            .Append($"({CoreSelect.Grouping} >> 0) & 1")
            .Concat(user)
            .Concat(LevelOrder(query.Levels[n - 1], null));
    }

    private static IEnumerable<string> LevelOrder(Level level, int? groupingBit)
    {
        var key = RollupColumns.Quote(level.Id);
        if (groupingBit is { } bit)
        {
            yield return $"({CoreSelect.Grouping} >> {bit}) & 1";
        }

        yield return Unknown(level, key);
        if (level.Members.Count > 0)
        {
            yield return $"list_position([{string.Join(", ", level.Members.Select(m => Literal(level, m.Key)))}], {key}) NULLS LAST";
        }

        yield return $"{key} NULLS LAST";
    }

    private static string Unknown(Level level, string key) =>
        level.Unknown.Count == 0 ? $"({key} IS NULL)" : $"({key} IS NULL OR {key} IN ({string.Join(", ", level.Unknown.Select(u => Literal(level, u)))}))";

    private static string Caption(Level level, string key, bool english)
    {
        if (level.Caption is { } caption)
        {
            return $"({(english ? caption.En : caption.Zh).Replace("{level}", key, StringComparison.Ordinal)})";
        }

        return level.Members.Count == 0
            ? "NULL"
            : $"CASE {key} {string.Concat(level.Members.Select(m => $"WHEN {Literal(level, m.Key)} THEN {Text(english ? m.En : m.Zh)} "))}END";
    }

    /// <summary>A member key from the cube files (not user text) as a SQL literal of the level's type.</summary>
    private static string Literal(Level level, string key) => level.Type == LevelType.Integer ? key : Text(key);

    private static string Text(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
