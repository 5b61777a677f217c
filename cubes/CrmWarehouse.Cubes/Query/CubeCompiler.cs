using System.Text;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Compiles a cube query into one DuckDB statement: levels and measures from the facts or the smallest rollup that
/// can answer, filters as parameters, GROUPING SETS for subtotals and the grand total, ordering and limit.
/// Relative dates ("last 12 months") are counted from the warehouse's as-of date (<see cref="PublishedAsOf"/>), never
/// from the wall clock: the same data gives the same answer whatever day it is asked.
/// </summary>
public sealed class CubeCompiler
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
        var where = FilterCompiler.Compile(resolved, source, parameters, asOf);

        var levels = resolved.Levels.Select(source.LevelSql).ToList();
        var grouping = query.Totals != CubeTotals.None && levels.Count > 0 ? $"GROUPING({string.Join(", ", levels)})" : null;
        var columns = resolved.Levels.Select((l, i) => $"{levels[i]} AS {RollupColumns.Quote(l.Id)}").ToList();
        if (grouping is not null)
        {
            columns.Add($"{grouping} AS \"_grouping\"");
        }

        columns.AddRange(resolved.Measures.Select(m => $"{MeasureSql(cube, m, source, grouping)} AS {RollupColumns.Quote(m.Name)}"));

        var sql = new StringBuilder()
            .Append("SELECT ").AppendJoin(",\n       ", columns)
            .Append("\nFROM ").Append(source.From);
        if (where is not null)
        {
            sql.Append("\nWHERE ").Append(where);
        }

        if (levels.Count > 0)
        {
            sql.Append("\nGROUP BY ").Append(GroupBy(levels, query.Totals));
        }

        var order = query.OrderBy.Select(o => $"{RollupColumns.Quote(o.Field)} {(o.Descending ? "DESC" : "ASC")} NULLS LAST")
            .Concat(resolved.Levels.Select(l => $"{RollupColumns.Quote(l.Id)} ASC NULLS LAST"))
            .ToList();
        if (order.Count > 0)
        {
            sql.Append("\nORDER BY ").AppendJoin(", ", order);
        }

        if (query.Limit is { } limit)
        {
            sql.Append("\nLIMIT ").Append(limit);
        }

        return new CompiledQuery(cube.Name, sql.ToString(), parameters.Values, rollup?.Name);
    }

    private static string GroupBy(List<string> levels, CubeTotals totals)
    {
        if (totals == CubeTotals.None)
        {
            return string.Join(", ", levels);
        }

        var sets = new List<string> { $"({string.Join(", ", levels)})" };
        if (totals == CubeTotals.Subtotals)
        {
            sets.AddRange(Enumerable.Range(1, levels.Count - 1).Reverse().Select(n => $"({string.Join(", ", levels.Take(n))})"));
        }

        sets.Add("()");
        return $"GROUPING SETS ({string.Join(", ", sets)})";
    }

    /// <summary>A ratio divides two aggregates; a share divides by the total over the rows of the same grouping.</summary>
    private static string MeasureSql(CubeDefinition cube, Measure measure, QuerySource source, string? grouping)
    {
        string Base(string name) => source.MeasureSql(cube.FindMeasure(name)!);
        return measure.Kind switch
        {
            MeasureKind.Ratio => $"CAST({Base(measure.Numerator!)} AS DOUBLE) / NULLIF(CAST({Base(measure.Denominator!)} AS DOUBLE), 0)",
            MeasureKind.Share => $"CAST({Base(measure.Of!)} AS DOUBLE) / NULLIF(CAST(sum({Base(measure.Of!)}) OVER ({(grouping is null ? string.Empty : "PARTITION BY " + grouping)}) AS DOUBLE), 0)",
            _ => source.MeasureSql(measure),
        };
    }
}
