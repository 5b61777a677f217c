using System.Text;
using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// The aggregate at the heart of a cube query: one row per member combination (and per subtotal), a column per level
/// key, <c>_grouping</c> when totals are asked, and a column per measure. When a semi-additive measure (a balance,
/// accounts held) spans more than one period, it aggregates twice: per period first, then over the periods of each
/// row by the measure's rule (the last non-empty period's value, the first's, or their average), so that a year's
/// balance is its last month-end's, never twelve month-ends added up.
/// </summary>
internal static class CoreSelect
{
    public const string Grouping = "_grouping";

    public static string Build(ResolvedQuery query, QuerySource source, string? where)
    {
        var cube = query.Cube;
        var totals = query.Levels.Count > 0 ? query.Query.Totals : CubeTotals.None;
        var levels = query.Levels.Select(source.LevelSql).ToList();
        var sql = new StringBuilder();
        if (!NeedsPeriods(query))
        {
            var grouping = totals != CubeTotals.None ? $"GROUPING({string.Join(", ", levels)})" : null;
            var columns = query.Levels.Select((l, i) => $"{levels[i]} AS {RollupColumns.Quote(l.Id)}").ToList();
            if (grouping is not null)
            {
                columns.Add($"{grouping} AS {Grouping}");
            }

            columns.AddRange(query.Measures.Select(m => $"{MeasureSql(cube, m, source.MeasureSql, grouping)} AS {RollupColumns.Quote(m.Name)}"));
            sql.Append("SELECT ").AppendJoin(",\n       ", columns).Append("\nFROM ").Append(source.From);
            AppendWhereAndGroups(sql, where, levels, [], totals);
            return sql.ToString();
        }

        var period = source.PeriodSql ?? throw new CubeQueryException($"Cube '{cube.Name}' has no period to take its semi-additive measures over.");
        var inner = query.Levels.Select((l, i) => $"{levels[i]} AS {RollupColumns.Quote(l.Id)}").ToList();
        inner.Add($"{period} AS _period");
        if (totals != CubeTotals.None)
        {
            inner.Add($"GROUPING({string.Join(", ", levels)}) AS _g");
        }

        var bases = query.Measures.SelectMany(m => RollupColumns.Bases(cube, m)).Distinct().ToList();
        inner.AddRange(bases.SelectMany(m => source.PartsSql(m).Select(p => $"{p.Sql} AS {RollupColumns.Quote(m.Name + p.Suffix)}")));
        var keys = query.Levels.Select(l => $"p.{RollupColumns.Quote(l.Id)}").ToList();
        if (totals != CubeTotals.None)
        {
            keys.Add("p._g");
        }

        var outer = query.Levels.Select(l => $"p.{RollupColumns.Quote(l.Id)}").ToList();
        if (totals != CubeTotals.None)
        {
            outer.Add($"p._g AS {Grouping}");
        }

        outer.AddRange(query.Measures.Select(m => $"{MeasureSql(cube, m, OverPeriods, totals != CubeTotals.None ? "p._g" : null)} AS {RollupColumns.Quote(m.Name)}"));
        sql.Append("SELECT ").AppendJoin(",\n       ", outer).Append("\nFROM (\n    SELECT ").AppendJoin(", ", inner).Append("\n    FROM ").Append(source.From);
        AppendWhereAndGroups(sql, where, levels, [period], totals);
        sql.Append("\n) p");
        if (keys.Count > 0)
        {
            sql.Append("\nGROUP BY ").AppendJoin(", ", keys);
        }

        return sql.ToString();
    }

    /// <summary>
    /// Whether some row spans more than one period for a semi-additive measure: not when every row (no totals) is one
    /// period of the cube's grain or finer, where adding up over rows and taking the last period agree.
    /// </summary>
    public static bool NeedsPeriods(ResolvedQuery query) =>
        query.BaseMeasures.Any(m => m.IsSemiAdditive)
        && !(query.Query.Totals == CubeTotals.None && query.Levels.Any(l => l.Grain is { } grain && grain >= query.Cube.Grain));

    /// <summary>A base measure over the per-period rows p: added up, or its last, first or average period.</summary>
    private static string OverPeriods(Measure measure)
    {
        string Over(string column) => measure.Time switch
        {
            TimeAggregation.Last => $"arg_max(p.{column}, p._period)",
            TimeAggregation.First => $"arg_min(p.{column}, p._period)",
            TimeAggregation.Average => $"avg(p.{column})",
            _ when measure.Kind is MeasureKind.CountDistinct or MeasureKind.Sql
                => throw new CubeQueryException($"Measure '{measure.Name}' ({measure.KindName}) cannot be added up over periods; ask it without the semi-additive measures."),
            _ when measure.Kind == MeasureKind.Count => $"CAST(sum(p.{column}) AS BIGINT)",
            _ => $"sum(p.{column})",
        };
        if (measure.Kind != MeasureKind.Average)
        {
            return Over(RollupColumns.Quote(measure.Name));
        }

        var (sum, count) = (RollupColumns.Quote(measure.Name + "__sum"), RollupColumns.Quote(measure.Name + "__count"));
        return measure.Time == TimeAggregation.Average
            ? $"avg(CAST(p.{sum} AS DOUBLE) / NULLIF(p.{count}, 0))"
            : $"CAST({Over(sum)} AS DOUBLE) / NULLIF({Over(count)}, 0)";
    }

    private static void AppendWhereAndGroups(StringBuilder sql, string? where, List<string> levels, List<string> always, CubeTotals totals)
    {
        if (where is not null)
        {
            sql.Append("\nWHERE ").Append(where);
        }

        var all = levels.Concat(always).ToList();
        if (all.Count == 0)
        {
            return;
        }

        if (totals == CubeTotals.None)
        {
            sql.Append("\nGROUP BY ").AppendJoin(", ", all);
            return;
        }

        var sets = new List<IEnumerable<string>> { levels };
        if (totals == CubeTotals.Subtotals)
        {
            sets.AddRange(Enumerable.Range(1, levels.Count - 1).Reverse().Select(n => levels.Take(n)));
        }

        sets.Add([]);
        sql.Append("\nGROUP BY GROUPING SETS (").AppendJoin(", ", sets.Select(set => $"({string.Join(", ", set.Concat(always))})")).Append(')');
    }

    /// <summary>A ratio divides two aggregates; a share divides by the total over the rows of the same grouping.</summary>
    private static string MeasureSql(CubeDefinition cube, Measure measure, Func<Measure, string> baseSql, string? grouping)
    {
        string Base(string name) => baseSql(cube.FindMeasure(name)!);
        return measure.Kind switch
        {
            MeasureKind.Ratio => $"CAST({Base(measure.Numerator!)} AS DOUBLE) / NULLIF(CAST({Base(measure.Denominator!)} AS DOUBLE), 0)",
            MeasureKind.Share => $"CAST({Base(measure.Of!)} AS DOUBLE) / NULLIF(CAST(sum({Base(measure.Of!)}) OVER ({(grouping is null ? string.Empty : "PARTITION BY " + grouping)}) AS DOUBLE), 0)",
            _ => baseSql(measure),
        };
    }
}
