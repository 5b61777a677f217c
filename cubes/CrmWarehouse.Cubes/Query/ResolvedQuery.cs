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
    public IEnumerable<Level> LevelsUsed => Levels.Concat(Filters.SelectMany(f => LevelsOf(Cube, f.Filter))).Distinct();

    /// <summary>The levels a filter tests, those inside an and/or/not included (already checked to exist).</summary>
    public static IEnumerable<Level> LevelsOf(CubeDefinition cube, CubeFilter filter) =>
        filter.IsCompound ? (filter.Filters ?? []).SelectMany(f => LevelsOf(cube, f))
        : filter.IsRelative && filter.Level is null ? []
        : [cube.FindLevel(filter.Level!)!];

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
        var filters = query.Where.Select(f => (f, f.IsCompound ? CheckCompound(cube, f) : f.IsRelative && f.Level is null ? null : FindLevel(cube, f.Level ?? "(missing)"))).ToList();
        if (timeLevel is not null && requested.Any(r => r.Modifier is not null)
            && filters.Where(f => f.Item1.IsCompound).SelectMany(f => LevelsOf(cube, f.Item1)).FirstOrDefault(l => l.Grain <= timeLevel.Grain) is { } dated)
        {
            throw new CubeQueryException($"Time modifiers read periods the filters leave out, so '{dated.Id}' can be filtered by eq, in or range only in this query, not inside and/or/not.");
        }

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

    /// <summary>Checks an and/or/not filter all the way down; it tests no single level itself (null).</summary>
    private static Level? CheckCompound(CubeDefinition cube, CubeFilter filter)
    {
        var parts = filter.Filters ?? [];
        if (filter.Op == "not" ? parts.Count != 1 : parts.Count < 2)
        {
            throw new CubeQueryException($"Filter '{filter.Op}' takes {(filter.Op == "not" ? "one filter" : "two or more filters")} in 'filters'.");
        }

        foreach (var part in parts)
        {
            if (part is null)
            {
                throw new CubeQueryException($"Filter '{filter.Op}' holds a null filter.");
            }

            if (part.IsRelative)
            {
                throw new CubeQueryException($"Filter '{part.Op}' counts from the as-of date and stands on its own, not inside '{filter.Op}'.");
            }

            _ = part.IsCompound ? CheckCompound(cube, part) : FindLevel(cube, part.Level ?? "(missing)");
        }

        return null;
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
