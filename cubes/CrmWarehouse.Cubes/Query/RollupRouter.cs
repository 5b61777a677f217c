using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Picks the smallest materialised rollup that can answer a query: it holds every level grouped or filtered on and
/// the additive parts of every measure. Queries with distinct counts or SQL measures read the facts, and so does a
/// query on big facts (<see cref="BigFacts"/> rows or more) whose only rollups are not at least
/// <see cref="MinimumReduction"/> times smaller than the facts (a rollup as fine-grained as its facts is slower to
/// scan, not faster). Sizes come from the table statistics when known; otherwise the rollup with the fewest levels wins.
/// </summary>
internal static class RollupRouter
{
    public const int MinimumReduction = 2;

    public const long BigFacts = 100_000;

    public static Rollup? Choose(ResolvedQuery query, IReadOnlySet<string> materialised)
    {
        var cube = query.Cube;
        // Rollups keep months: a semi-additive measure of a daily cube needs its days, so it reads the facts.
        if (!query.Query.UseRollups || query.BaseMeasures.Any(m => RollupColumns.Parts(m).Count == 0)
            || (query.BaseMeasures.Any(m => m.IsSemiAdditive) && cube.Grain != TimeGrain.Month))
        {
            return null;
        }

        var levels = query.LevelsUsed.Select(l => l.Id).ToList();
        var measures = query.BaseMeasures.Select(m => m.Name).ToList();
        var sizes = materialised as MaterialisedRollups;
        var best = cube.Rollups
            .Where(r => materialised.Contains(r.Table(cube)))
            .Where(r => levels.All(r.Levels.Contains) && measures.All(RollupColumns.StoredMeasures(cube, r).Contains))
            .OrderBy(r => sizes?.Rows(r.Table(cube)) ?? 0)
            .ThenBy(r => r.Levels.Count)
            .ThenBy(r => r.Measures.Count)
            .FirstOrDefault();
        if (best is not null && sizes?.Rows(best.Table(cube)) is { } rollupRows && sizes.Rows(cube.Fact) is { } factRows and >= BigFacts
            && rollupRows * MinimumReduction > factRows)
        {
            return null;
        }

        return best;
    }
}
