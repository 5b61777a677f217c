using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>Turns the filters of a query into one predicate over level expressions (facts) or columns (rollups).</summary>
internal static class FilterCompiler
{
    public static string? Compile(ResolvedQuery query, QuerySource source, QueryParameters parameters, Func<DateOnly?> asOf)
    {
        var predicates = new List<string>();
        if (source.BaseWhere is not null)
        {
            predicates.Add($"({source.BaseWhere})");
        }

        foreach (var (filter, level) in query.Filters)
        {
            predicates.Add(filter.Op == "last"
                ? LastPeriods(filter, source, parameters, asOf, query.Cube)
                : OnLevel(filter, level!, source.LevelSql(level!), parameters));
        }

        return predicates.Count == 0 ? null : string.Join(" AND ", predicates);
    }

    private static string OnLevel(CubeFilter filter, Level level, string column, QueryParameters parameters)
    {
        switch (filter.Op)
        {
            case "eq" when filter.Value is { } value:
                return $"{column} = {parameters.Add(level, value, "eq")}";
            case "in" when filter.Values is { Count: > 0 } values:
                return $"{column} IN ({string.Join(", ", values.Select(v => parameters.Add(level, v, "in")))})";
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
                    $"Filter on '{level.Id}': op '{filter.Op}' needs value (eq), values (in), from/to (range); or use op 'last' with count and unit.");
        }
    }

    /// <summary>The last N months (or years of months) up to and including the month of the warehouse's as-of date.</summary>
    private static string LastPeriods(CubeFilter filter, QuerySource source, QueryParameters parameters, Func<DateOnly?> asOf, CubeDefinition cube)
    {
        var months = filter.Unit switch
        {
            "months" or "month" => filter.Count,
            "years" or "year" => filter.Count * 12,
            _ => throw new CubeQueryException($"Filter 'last': unit '{filter.Unit}' is not months or years."),
        };
        if (months is null or < 1 or > 1200)
        {
            throw new CubeQueryException("Filter 'last': count must be between 1 and 1200 months.");
        }

        var month = source.MonthSql ?? throw new CubeQueryException($"Filter 'last': cube '{cube.Name}' has no date to count periods on.");
        var now = asOf() ?? throw new CubeQueryException("Filter 'last' counts back from the warehouse's latest published as-of date, and nothing has been published yet: load it first (crmw load).");
        var first = new DateOnly(now.Year, now.Month, 1).AddMonths(1 - months.Value);
        return $"{month} BETWEEN {parameters.Add((long)(first.Year * 100 + first.Month))} AND {parameters.Add((long)(now.Year * 100 + now.Month))}";
    }
}
