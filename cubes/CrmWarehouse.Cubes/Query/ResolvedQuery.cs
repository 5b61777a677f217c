using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>A measure as asked: its answer column (<c>opened:ly</c>), the measure, and its time modifier if any.</summary>
internal sealed record RequestedMeasure(string Column, Measure Measure, TimeModifier? Modifier);

/// <summary>A cube query with every name looked up in the cube; unknown names fail here, naming what was asked.</summary>
internal sealed record ResolvedQuery(
    CubeDefinition Cube,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<Level> Levels,
    IReadOnlyList<(CubeFilter Filter, Level? Level)> Filters,
    CubeQuery Query)
{
    /// <summary>The answer's measure columns in the order asked; <see cref="Measures"/> holds what the core computes.</summary>
    public IReadOnlyList<RequestedMeasure> Requested { get; init; } = [];

    /// <summary>The finest date level grouped by: the period that time modifiers step over (null: none asked).</summary>
    public Level? TimeLevel { get; init; }

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

        var requested = query.Measures.Distinct().Select(column =>
        {
            var (name, modifier) = column.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
                ? (column[..colon], TimeModifier.Parse(column[(colon + 1)..]))
                : (column, null);
            var measure = cube.FindMeasure(name)
                ?? throw new CubeQueryException($"Unknown measure '{name}' in cube '{cube.Name}'. Measures: {string.Join(", ", cube.Measures.Select(m => m.Name))}.");
            return new RequestedMeasure(column, measure, modifier);
        }).ToList();
        var levels = query.By.Select(id => FindLevel(cube, id)).Distinct().ToList();
        var timeLevel = levels.Where(l => l.Grain is not null).MaxBy(l => l.Grain);
        foreach (var asked in requested.Where(r => r.Modifier is not null))
        {
            if (timeLevel is null)
            {
                throw new CubeQueryException($"'{asked.Column}' compares periods: add a date level to by (date.year, date.quarter, date.month or date.day).");
            }

            if (asked.Modifier!.Refusal(asked.Measure, timeLevel.Grain!.Value) is { } refusal)
            {
                throw new CubeQueryException(refusal);
            }
        }

        // The core computes each measure once; a ratio with a window modifier needs its parts' own values per period.
        var measures = requested.Select(r => r.Measure)
            .Concat(requested.Where(r => r.Modifier is not null && r.Measure.Kind == MeasureKind.Ratio)
                .SelectMany(r => new[] { cube.FindMeasure(r.Measure.Numerator!)!, cube.FindMeasure(r.Measure.Denominator!)! }))
            .Distinct().ToList();
        var filters = query.Where.Select(f => (f, f.IsRelative && f.Level is null ? null : FindLevel(cube, f.Level ?? "(missing)"))).ToList();
        if (query.Limit is < 1)
        {
            throw new CubeQueryException($"Limit {query.Limit} must be positive.");
        }

        var columns = levels.Select(l => l.Id).Concat(requested.Select(m => m.Column)).ToHashSet(StringComparer.Ordinal);
        var badOrder = query.OrderBy.FirstOrDefault(o => !columns.Contains(o.Field));
        if (badOrder is not null)
        {
            throw new CubeQueryException($"Cannot order by '{badOrder.Field}': it is not a measure or level of this query.");
        }

        return new ResolvedQuery(cube, measures, levels, filters, query) { Requested = requested, TimeLevel = requested.Any(r => r.Modifier is not null) ? timeLevel : null };
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
