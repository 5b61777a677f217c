using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// Turns filters into one predicate over level expressions (facts), columns (rollups) or, for filters moved outside a
/// time series, the series' periods.
/// </summary>
internal static class FilterCompiler
{
    public static string? Compile(ResolvedQuery query, QuerySource source, QueryParameters parameters, Func<DateOnly?> asOf) =>
        Compile(query.Filters, source.BaseWhere, source.LevelSql, source.MonthSql, parameters, asOf, query.Cube);

    public static string? Compile(IEnumerable<(CubeFilter Filter, Level? Level)> filters, string? baseWhere, Func<Level, string> levelSql, string? monthSql,
        QueryParameters parameters, Func<DateOnly?> asOf, CubeDefinition cube)
    {
        var predicates = new List<string>();
        if (baseWhere is not null)
        {
            predicates.Add($"({baseWhere})");
        }

        foreach (var (filter, level) in filters)
        {
            predicates.Add(filter.IsRelative
                ? Relative(filter, monthSql, parameters, asOf, cube)
                : filter.IsCompound ? Compound(filter, cube, levelSql, parameters)
                : OnLevel(filter, level!, levelSql(level!), parameters));
        }

        return predicates.Count == 0 ? null : string.Join(" AND ", predicates);
    }

    /// <summary>An and/or/not of filters on levels (checked by <see cref="ResolvedQuery"/>: no relative filter inside).</summary>
    private static string Compound(CubeFilter filter, CubeDefinition cube, Func<Level, string> levelSql, QueryParameters parameters)
    {
        var parts = filter.Filters!.Select(part => part.IsCompound
            ? Compound(part, cube, levelSql, parameters)
            : OnLevel(part, cube.FindLevel(part.Level!)!, levelSql(cube.FindLevel(part.Level!)!), parameters));
        return filter.Op == "not" ? $"(NOT ({parts.Single()}))" : $"({string.Join(filter.Op == "or" ? " OR " : " AND ", parts.Select(p => $"({p})"))})";
    }

    private static string OnLevel(CubeFilter filter, Level level, string column, QueryParameters parameters)
    {
        switch (filter.Op)
        {
            case "eq" when filter.Value is { } value:
                return $"{column} = {parameters.Add(level, value, "eq")}";
            case "ne" or "lt" or "le" or "gt" or "ge" when filter.Value is { } value:
                var comparison = filter.Op switch { "ne" => "<>", "lt" => "<", "le" => "<=", "gt" => ">", _ => ">=" };
                return $"{column} {comparison} {parameters.Add(level, value, filter.Op)}";
            case "like" or "not_like" when filter.Value is { ValueKind: System.Text.Json.JsonValueKind.String } pattern:
                // A pattern is text whatever the level's type: an integer key is matched as its digits.
                return $"CAST({column} AS VARCHAR) {(filter.Op == "like" ? "LIKE" : "NOT LIKE")} {parameters.Add(pattern.GetString()!)}";
            case "in" or "not_in" when filter.Values is { Count: > 0 } values:
                return $"{column} {(filter.Op == "in" ? "IN" : "NOT IN")} ({string.Join(", ", values.Select(v => parameters.Add(level, v, filter.Op)))})";
            case "range" when filter.From is not null || filter.To is not null:
                var bounds = new List<string>();
                if (filter.From is { } from)
                {
                    bounds.Add($"{column} >= {parameters.Add(level, from, "range")}");
                }

                if (filter.To is { } to)
                {
                    bounds.Add($"{column} <= {parameters.Add(level, to, "range")}");
                }

                return string.Join(" AND ", bounds);
            default:
                throw new CubeQueryException(
                    $"Filter on '{level.Id}': op '{filter.Op}' needs value (eq, ne, lt, le, gt, ge; a text pattern for like, not_like), values (in, not_in), from/to (range); or use op 'and', 'or', 'not' with filters, or 'last', 'this' or 'previous' with a unit.");
        }
    }

    /// <summary>A relative filter as a range of months (yyyymm) counted from the month of the warehouse's as-of date.</summary>
    private static string Relative(CubeFilter filter, string? monthSql, QueryParameters parameters, Func<DateOnly?> asOf, CubeDefinition cube)
    {
        var length = filter.Unit switch
        {
            "months" or "month" => 1,
            "quarters" or "quarter" => 3,
            "years" or "year" => 12,
            _ => throw new CubeQueryException($"Filter '{filter.Op}': unit '{filter.Unit}' is not month, quarter or year."),
        };
        var count = filter.Op == "last" ? filter.Count : 1;
        if (count is null or < 1 || count * length > 1200)
        {
            throw new CubeQueryException($"Filter '{filter.Op}': count must be between 1 and 1200 months.");
        }

        var month = monthSql ?? throw new CubeQueryException($"Filter '{filter.Op}': cube '{cube.Name}' has no date to count periods on.");
        var now = asOf() ?? throw new CubeQueryException($"Filter '{filter.Op}' counts from the warehouse's latest published as-of date, and nothing has been published yet: load it first (crmw load).");
        var current = new DateOnly(now.Year, now.Month, 1);
        var periodStart = current.AddMonths(-((now.Month - 1) % length));
        var (first, last) = filter.Op switch
        {
            "last" => (current.AddMonths(1 - (count.Value * length)), current),
            "this" => (periodStart, current),
            _ => (periodStart.AddMonths(-length), periodStart.AddMonths(-1)),
        };
        return $"{month} BETWEEN {parameters.Add((long)(first.Year * 100 + first.Month))} AND {parameters.Add((long)(last.Year * 100 + last.Month))}";
    }
}
