using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Rollups;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// <c>MEASURE:MODIFIER</c> over the series (<c>q</c>, the answer's rows, or <c>s</c>, the same rows without the
/// answer's date filters): one row per period of the query's finest date level and member of the other levels. Each
/// modified value reads the rows of the same members (and grouping) whose period falls in the modifier's window.
/// Periods are compared as dates (the first day of each), so that a year, a quarter and a month step the same way
/// across a new year.
/// </summary>
internal static class TimeIntelligence
{
    public static string Sql(ResolvedQuery query, RequestedMeasure asked, bool totals, string series)
    {
        var modifier = asked.Modifier!;
        var level = query.TimeLevel!;
        var grain = level.Grain!.Value;
        var current = $"q.{RollupColumns.Quote(asked.Measure.Name)}";
        return modifier.Kind switch
        {
            ModifierKind.Growth => Growth(current, Window(query, asked, new TimeModifier("prior", ModifierKind.Prior), totals, series)),
            ModifierKind.GrowthLastYear => Growth(current, Window(query, asked, new TimeModifier("ly", ModifierKind.LastYear), totals, series)),
            _ => Window(query, asked, modifier, totals, series),
        };

        static string Growth(string current, string before) => $"(CAST({current} AS DOUBLE) - {before}) / NULLIF(CAST({before} AS DOUBLE), 0)";
    }

    /// <summary>The first day of the period a row of the series stands for (null for the unknown date and for totals).</summary>
    public static string PeriodStart(Level level, string row)
    {
        var key = $"{row}.{RollupColumns.Quote(level.Id)}";
        var date = level.Grain switch
        {
            TimeGrain.Year => $"make_date({key}, 1, 1)",
            TimeGrain.Quarter => $"make_date({key} // 10, ({key} % 10 - 1) * 3 + 1, 1)",
            TimeGrain.Month => $"make_date({key} // 100, {key} % 100, 1)",
            _ => $"make_date({key} // 10000, {key} // 100 % 100, {key} % 100)",
        };
        return $"(CASE WHEN {key} > 0 THEN {date} END)";
    }

    private static string Window(ResolvedQuery query, RequestedMeasure asked, TimeModifier modifier, bool totals, string series)
    {
        var level = query.TimeLevel!;
        var grain = level.Grain!.Value;
        var (here, there) = (PeriodStart(level, "q"), PeriodStart(level, "w"));
        var step = grain switch
        {
            TimeGrain.Year => "INTERVAL 1 YEAR",
            TimeGrain.Quarter => "INTERVAL 3 MONTH",
            TimeGrain.Month => "INTERVAL 1 MONTH",
            _ => "INTERVAL 1 DAY",
        };
        var period = modifier.Kind switch
        {
            ModifierKind.Prior => $"{there} = {here} - {step}",
            ModifierKind.LastYear => $"{there} = {here} - INTERVAL 1 YEAR",
            ModifierKind.YearToDate => $"{there} BETWEEN date_trunc('year', {here}) AND {here}",
            ModifierKind.QuarterToDate => $"{there} BETWEEN date_trunc('quarter', {here}) AND {here}",
            ModifierKind.MonthToDate => $"{there} BETWEEN date_trunc('month', {here}) AND {here}",
            _ => $"{there} BETWEEN {here} + {step} - INTERVAL {modifier.Months} MONTH AND {here}",
        };

        // The same members of every other level; date levels coarser than the grain follow the period.
        var same = query.Levels.Where(l => l.Grain is null)
            .Select(l => $"w.{RollupColumns.Quote(l.Id)} IS NOT DISTINCT FROM q.{RollupColumns.Quote(l.Id)}")
            .Append(period);
        if (totals)
        {
            same = same.Append($"w.{CoreSelect.Grouping} = q.{CoreSelect.Grouping}");
        }

        var measure = asked.Measure;
        string Over(Measure m)
        {
            var column = $"w.{RollupColumns.Quote(m.Name)}";
            return !modifier.IsWindow ? $"any_value({column})" : m.Time switch
            {
                TimeAggregation.Last => $"arg_max({column}, {there})",
                TimeAggregation.First => $"arg_min({column}, {there})",
                TimeAggregation.Average => $"avg({column})",
                _ when m.Kind == MeasureKind.Count => $"CAST(sum({column}) AS BIGINT)",
                _ => $"sum({column})",
            };
        }

        var value = measure.Kind == MeasureKind.Ratio && modifier.IsWindow
            ? $"CAST({Over(query.Cube.FindMeasure(measure.Numerator!)!)} AS DOUBLE) / NULLIF(CAST({Over(query.Cube.FindMeasure(measure.Denominator!)!)} AS DOUBLE), 0)"
            : Over(measure);
        return $"(SELECT {value} FROM {series} w WHERE {string.Join(" AND ", same)})";
    }
}
