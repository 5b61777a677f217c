using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Where a query reads: the fact table with the joins it needs, or a rollup table. Both give the same SQL shape:
/// level expressions, base measure aggregates, and the month (yyyymm) for relative date filters.
/// </summary>
internal sealed record QuerySource(string From, string? BaseWhere, string? MonthSql, Func<Level, string> LevelSql, Func<Measure, string> MeasureSql, Rollup? Rollup)
{
    /// <summary>The period of a row at the cube's grain, over which semi-additive measures take their last/first/average.</summary>
    public string? PeriodSql { get; init; }

    /// <summary>A base measure as the aggregates that add up over periods: one value, or sum and count for an average.</summary>
    public required Func<Measure, IReadOnlyList<(string Suffix, string Sql)>> PartsSql { get; init; }

    public static QuerySource Facts(ResolvedQuery query)
    {
        var cube = query.Cube;
        var needed = query.LevelsUsed.SelectMany(l => l.Uses).Concat(query.BaseMeasures.SelectMany(m => m.Uses)).ToHashSet(StringComparer.Ordinal);
        return new QuerySource(FactFrom(cube, needed), cube.Where, cube.MonthExpression, l => l.Expression, FactAggregate, null)
        {
            PeriodSql = cube.PeriodExpression,
            PartsSql = m => m.Kind == MeasureKind.Average
                ? [("__sum", $"sum({m.Expression})"), ("__count", $"count({m.Expression})")]
                : [(string.Empty, FactAggregate(m))],
        };
    }

    // A rollup holds months: it can give the period of a cube whose grain is the month, not of a daily one.
    public static QuerySource OfRollup(CubeDefinition cube, Rollup rollup) =>
        new($"{rollup.Table(cube)} r", null, cube.DateKey is null ? null : $"r.{RollupColumns.Month}",
            l => $"r.{RollupColumns.Quote(l.Id)}", m => RollupAggregate(m), rollup)
        {
            PeriodSql = cube.DateKey is not null && cube.Grain == TimeGrain.Month ? $"r.{RollupColumns.Month}" : null,
            PartsSql = m => m.Kind == MeasureKind.Average
                ? [("__sum", $"sum(r.{RollupColumns.Quote(m.Name + "__sum")})"), ("__count", $"sum(r.{RollupColumns.Quote(m.Name + "__count")})")]
                : [(string.Empty, RollupAggregate(m))],
        };

    /// <summary>The fact with the joins named (every join when <paramref name="needed"/> is null), in declaration order.</summary>
    public static string FactFrom(CubeDefinition cube, IReadOnlySet<string>? needed) =>
        string.Concat(cube.Joins.Where(j => needed is null || needed.Contains(j.Alias))
            .Select(j => $"\n    LEFT JOIN {j.Table} {j.Alias} ON {j.On}")).Insert(0, $"{cube.Fact} f");

    public static string FactAggregate(Measure measure) => measure.Kind switch
    {
        MeasureKind.Sum => $"sum({measure.Expression})",
        MeasureKind.Count => CountOf(measure),
        MeasureKind.Average => $"CAST(sum({measure.Expression}) AS DOUBLE) / NULLIF(count({measure.Expression}), 0)",
        MeasureKind.CountDistinct => $"count(DISTINCT {measure.Expression})",
        MeasureKind.Sql => $"({measure.Expression})",
        _ => throw new InvalidOperationException($"Measure '{measure.Name}' is not a base measure."),
    };

    public static string CountOf(Measure measure) => measure.Expression is null ? "count(*)" : $"count({measure.Expression})";

    // Averages come back as sum / count from both the facts and the rollups: the sums are exact, so the two agree to the bit.
    private static string RollupAggregate(Measure measure)
    {
        var sum = $"r.{RollupColumns.Quote(measure.Name + "__sum")}";
        var count = $"r.{RollupColumns.Quote(measure.Name + "__count")}";
        return measure.Kind switch
        {
            MeasureKind.Sum => $"sum({sum})",
            MeasureKind.Count => $"CAST(sum({count}) AS BIGINT)",
            MeasureKind.Average => $"CAST(sum({sum}) AS DOUBLE) / NULLIF(sum({count}), 0)",
            _ => throw new InvalidOperationException($"Measure '{measure.Name}' cannot be read from a rollup."),
        };
    }
}
