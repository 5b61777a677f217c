using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>A cube query with every name looked up in the cube; unknown names fail here, naming what was asked.</summary>
internal sealed record ResolvedQuery(
    CubeDefinition Cube,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<Level> Levels,
    IReadOnlyList<(CubeFilter Filter, Level? Level)> Filters,
    CubeQuery Query)
{
    /// <summary>The measures that aggregate rows: those asked for and the parts of ratios and shares.</summary>
    public IReadOnlyList<Measure> BaseMeasures =>
        Measures.SelectMany(m => m.Kind switch
            {
                MeasureKind.Ratio => [Cube.FindMeasure(m.Numerator!)!, Cube.FindMeasure(m.Denominator!)!],
                MeasureKind.Share => [Cube.FindMeasure(m.Of!)!],
                _ => new[] { m },
            })
            .Distinct()
            .ToList();

    /// <summary>Levels grouped by and levels filtered on: what a rollup must hold to answer.</summary>
    public IEnumerable<Level> LevelsUsed => Levels.Concat(Filters.Where(f => f.Level is not null).Select(f => f.Level!)).Distinct();

    public static ResolvedQuery Resolve(CubeDefinition cube, CubeQuery query)
    {
        // JSON lets a client send null where a list (or an entry of one) belongs: say which, rather than fail inside.
        RefuseNulls("measures", query.Measures);
        RefuseNulls("by", query.By);
        RefuseNulls("where", query.Where);
        RefuseNulls("orderBy", query.OrderBy);
        if (query.Measures.Count == 0)
        {
            throw new CubeQueryException($"A query on cube '{cube.Name}' needs at least one measure. Measures: {string.Join(", ", cube.Measures.Select(m => m.Name))}.");
        }

        var measures = query.Measures.Select(name => cube.FindMeasure(name)
            ?? throw new CubeQueryException($"Unknown measure '{name}' in cube '{cube.Name}'. Measures: {string.Join(", ", cube.Measures.Select(m => m.Name))}.")).Distinct().ToList();
        var levels = query.By.Select(id => FindLevel(cube, id)).Distinct().ToList();
        var filters = query.Where.Select(f => (f, f.Op == "last" && f.Level is null ? null : FindLevel(cube, f.Level ?? "(missing)"))).ToList();
        if (query.Limit is < 1)
        {
            throw new CubeQueryException($"Limit {query.Limit} must be positive.");
        }

        var columns = levels.Select(l => l.Id).Concat(measures.Select(m => m.Name)).ToHashSet(StringComparer.Ordinal);
        var badOrder = query.OrderBy.FirstOrDefault(o => !columns.Contains(o.Field));
        if (badOrder is not null)
        {
            throw new CubeQueryException($"Cannot order by '{badOrder.Field}': it is not a measure or level of this query.");
        }

        return new ResolvedQuery(cube, measures, levels, filters, query);
    }

    private static void RefuseNulls<T>(string field, IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            throw new CubeQueryException($"'{field}' must be a list, not null.");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                throw new CubeQueryException($"'{field}[{i}]' is null.");
            }
        }
    }

    private static Level FindLevel(CubeDefinition cube, string id) =>
        cube.FindLevel(id) ?? throw new CubeQueryException(
            $"Unknown level '{id}' in cube '{cube.Name}'. Levels: {string.Join(", ", cube.Dimensions.SelectMany(d => d.Levels).Select(l => l.Id))}.");
}
