using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Compiles a cube query into one DuckDB statement: the core aggregate (<see cref="CoreSelect"/>) from the facts or the
/// smallest rollup that can answer, filters as parameters, GROUPING SETS for subtotals and the grand total, and around
/// it the answer (<see cref="Presentation"/>): captions, time modifiers, order and limit.
/// Relative dates ("last 12 months") are counted from the warehouse's as-of date (<see cref="PublishedAsOf"/>), never
/// from the wall clock: the same data gives the same answer whatever day it is asked.
/// </summary>
internal sealed class CubeCompiler
{
    // materialised: the agg.* tables that exist (RollupRefresher.MaterialisedTables); only those are routed to.
    // asOf: looks up the latest published batch's business date (null before the first: relative filters are then
    // refused); asked only by a query with a relative filter, so that the others cost no extra query.
    public CompiledQuery Compile(CubeDefinition cube, CubeQuery query, IReadOnlySet<string> materialised, Func<DateOnly?> asOf)
    {
        var resolved = ResolvedQuery.Resolve(cube, query);
        var rollup = RollupRouter.Choose(resolved, materialised);
        var source = rollup is null ? QuerySource.Facts(resolved) : QuerySource.OfRollup(cube, rollup);
        var parameters = new QueryParameters();

        // With time modifiers the series must hold the periods before those shown (last year's, the year's first):
        // filters on the date at the query's grain or coarser move outside it, onto the periods of the answer.
        var grain = resolved.TimeLevel?.Grain;
        bool Outside((CubeFilter Filter, Level? Level) f) => grain is not null && (f.Filter.IsRelative || f.Level?.Grain <= grain);
        var inner = FilterCompiler.Compile(resolved.Filters.Where(f => !Outside(f)), source.BaseWhere, source.LevelSql, source.MonthSql, parameters, asOf, cube);
        string? outer = null;
        if (grain is not null)
        {
            var start = TimeIntelligence.PeriodStart(resolved.TimeLevel!, "q");
            outer = FilterCompiler.Compile(resolved.Filters.Where(Outside), null, l => TimeIntelligence.KeyOf(l.Grain!.Value, start),
                TimeIntelligence.KeyOf(TimeGrain.Month, start), parameters, asOf, cube);
        }

        var (sql, columns) = Presentation.Wrap(resolved, CoreSelect.Build(resolved, source, inner), outer);
        return new CompiledQuery(cube.Name, sql, parameters.Values, rollup?.Name) { Columns = columns };
    }
}
