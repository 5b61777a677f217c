using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// The columns of a rollup table: <c>_month</c> (yyyymm, the refresh partition), one per level (named by its id),
/// and the additive parts of each measure: <c>m__sum</c> and/or <c>m__count</c>. Averages keep sum and count;
/// distinct counts and SQL expressions are not additive and are never stored.
/// </summary>
internal static class RollupColumns
{
    public const string Month = "_month";

    public static string Quote(string name) => $"\"{name}\"";

    /// <summary>The stored parts of a base measure (name, aggregate over the facts); empty when it cannot be stored.</summary>
    public static IReadOnlyList<(string Column, string FactSql)> Parts(Measure measure) => measure.Kind switch
    {
        MeasureKind.Sum => [(measure.Name + "__sum", $"sum({measure.Expression})")],
        MeasureKind.Count => [(measure.Name + "__count", QuerySource.CountOf(measure))],
        MeasureKind.Average => [(measure.Name + "__sum", $"sum({measure.Expression})"), (measure.Name + "__count", $"count({measure.Expression})")],
        _ => [],
    };

    /// <summary>The base measures a declared rollup measure stands for (a ratio stores its two parts).</summary>
    public static IEnumerable<Measure> Bases(CubeDefinition cube, Measure measure) => measure.Kind switch
    {
        MeasureKind.Ratio => [cube.FindMeasure(measure.Numerator!)!, cube.FindMeasure(measure.Denominator!)!],
        MeasureKind.Share => [cube.FindMeasure(measure.Of!)!],
        _ => [measure],
    };

    public static IReadOnlySet<string> StoredMeasures(CubeDefinition cube, Rollup rollup) =>
        rollup.Measures.SelectMany(m => Bases(cube, cube.FindMeasure(m)!)).Where(m => Parts(m).Count > 0).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The SELECT that materialises a rollup from the facts, restricted to some months (null: all).</summary>
    public static string Select(CubeDefinition cube, Rollup rollup, IReadOnlyCollection<int>? months)
    {
        var levels = rollup.Levels.Select(id => cube.FindLevel(id)!).ToList();
        var measures = StoredMeasures(cube, rollup).Select(n => cube.FindMeasure(n)!).ToList();
        var needed = levels.SelectMany(l => l.Uses).Concat(measures.SelectMany(m => m.Uses)).ToHashSet(StringComparer.Ordinal);
        var columns = new List<string>();
        var groups = new List<string>();
        if (cube.MonthExpression is { } month)
        {
            columns.Add($"{month} AS {Month}");
            groups.Add(month);
        }

        columns.AddRange(levels.Select(l => $"{l.Expression} AS {Quote(l.Id)}"));
        groups.AddRange(levels.Select(l => l.Expression));
        columns.AddRange(measures.SelectMany(Parts).Select(p => $"{p.FactSql} AS {Quote(p.Column)}"));
        var where = new List<string>();
        if (cube.Where is not null)
        {
            where.Add($"({cube.Where})");
        }

        if (months is not null && cube.MonthExpression is not null)
        {
            // Months are integers from the load, not user text.
            where.Add(months.Count == 0 ? "false" : $"{cube.MonthExpression} IN ({string.Join(", ", months)})");
        }

        return $"SELECT {string.Join(", ", columns)}\nFROM {QuerySource.FactFrom(cube, needed)}"
            + (where.Count > 0 ? $"\nWHERE {string.Join(" AND ", where)}" : string.Empty)
            + (groups.Count > 0 ? $"\nGROUP BY {string.Join(", ", groups)}" : string.Empty);
    }
}
