using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;

namespace CrmWarehouse.Cubes.Rollups;

/// <summary>
/// Picks the smallest materialised rollup that can answer a query: it holds every level grouped or filtered on and
/// the additive parts of every measure. Queries with distinct counts or SQL measures read the facts.
/// </summary>
internal static class RollupRouter
{
    public static Rollup? Choose(ResolvedQuery query, IReadOnlySet<string> materialised)
    {
        var cube = query.Cube;
        if (!query.Query.UseRollups || query.BaseMeasures.Any(m => RollupColumns.Parts(m).Count == 0))
        {
            return null;
        }

        var levels = query.LevelsUsed.Select(l => l.Id).ToList();
        var measures = query.BaseMeasures.Select(m => m.Name).ToList();
        return cube.Rollups
            .Where(r => materialised.Contains(r.Table(cube)))
            .Where(r => levels.All(r.Levels.Contains) && measures.All(RollupColumns.StoredMeasures(cube, r).Contains))
            .OrderBy(r => r.Levels.Count)
            .ThenBy(r => r.Measures.Count)
            .FirstOrDefault();
    }
}
