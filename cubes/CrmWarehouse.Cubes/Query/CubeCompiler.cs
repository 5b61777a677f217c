using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Compiles a cube query into one DuckDB statement: the core aggregate (<see cref="CoreSelect"/>) from the facts or the
/// smallest rollup that can answer, filters as parameters, GROUPING SETS for subtotals and the grand total, and around
/// it the answer (<see cref="Presentation"/>): captions, time modifiers, order and limit.
/// Relative dates ("last 12 months") are counted from the warehouse's as-of date (<see cref="PublishedAsOf"/>), never
/// from the wall clock: the same data gives the same answer whatever day it is asked.
/// </summary>
public sealed class CubeCompiler
{
    private readonly PublishedState _published = new();

    /// <summary>
    /// Compiles against the warehouse of <paramref name="connection"/>, as its snapshot sees it: the rollups that exist
    /// (none when <paramref name="useRollups"/> is false, for views a rollup must not bypass) and the as-of date, kept
    /// between queries of the same published batch (<see cref="PublishedState"/>).
    /// </summary>
    public CompiledQuery Compile(CubeDefinition cube, CubeQuery query, DuckDBConnection connection, bool useRollups = true)
    {
        var (rollups, asOf) = _published.Read(connection);
        return Compile(cube, query, useRollups ? rollups : new HashSet<string>(), () => asOf);
    }

    // materialised: the agg.* tables that exist (MaterialisedRollups.Read); only those are routed to.
    // asOf: looks up the latest published batch's business date (null before the first: relative filters are then
    // refused); asked only by a query with a relative filter, so that the others cost no extra query.
    public CompiledQuery Compile(CubeDefinition cube, CubeQuery query, IReadOnlySet<string> materialised, Func<DateOnly?> asOf)
    {
        var resolved = ResolvedQuery.Resolve(cube, query);
        var rollup = RollupRouter.Choose(resolved, materialised);
        var source = rollup is null ? QuerySource.Facts(resolved) : QuerySource.OfRollup(cube, rollup);
        var parameters = new QueryParameters();

        // The answer's rows read every filter. Time modifiers look periods up in the answer itself, or, when the query
        // filters the date at its grain or coarser, in a second core without those filters (the series): last year's
        // month and the year's first months count even when the answer shows only this year.
        var answer = CoreSelect.Build(resolved, source, FilterCompiler.Compile(resolved, source, parameters, asOf));
        string? series = null;
        if (resolved.TimeLevel?.Grain is { } grain)
        {
            var kept = resolved.Filters.Where(f => !f.Filter.IsRelative && !(f.Level?.Grain <= grain)).ToList();
            series = kept.Count == resolved.Filters.Count
                ? null
                : CoreSelect.Build(resolved, source, FilterCompiler.Compile(kept, source.BaseWhere, source.LevelSql, source.MonthSql, parameters, asOf, cube));
        }

        var (sql, columns) = Presentation.Wrap(resolved, answer, series);
        return new CompiledQuery(cube.Name, sql, parameters.Values, rollup?.Name) { Columns = columns };
    }
}
