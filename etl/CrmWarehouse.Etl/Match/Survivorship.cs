namespace CrmWarehouse.Etl.Match;

/// <summary>How a golden customer's attribute is chosen among its records' non-missing values.</summary>
public enum SurvivorshipRule
{
    /// <summary>From the most trusted source; among equally trusted records, the most recent.</summary>
    MostTrusted,

    /// <summary>From the most recently changed record; among equally recent ones, the most trusted source.</summary>
    MostRecent,
}

/// <summary>
/// Survivorship: one golden record per golden id (<c>match.golden_records</c>), each attribute taken from one of
/// the cluster's records by its rule. Sources are trusted in the order listed; an unlisted source comes last.
/// </summary>
public sealed record Survivorship
{
    public required IReadOnlyList<string> SourceTrust { get; init; }

    /// <summary>When each record last changed (a DATE or TIMESTAMP column); without it, recency cannot decide.</summary>
    public string? RecencyColumn { get; init; }

    public required IReadOnlyDictionary<string, SurvivorshipRule> Attributes { get; init; }

    public string Sql(string input)
    {
        var trust = $"coalesce(list_position([{string.Join(", ", SourceTrust.Select(s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'"))}], r.source), {SourceTrust.Count + 1})";
        var recency = RecencyColumn is null ? "NULL" : $"r.{RecencyColumn}";
        var picks = Attributes.Select(a =>
        {
            var order = a.Value == SurvivorshipRule.MostRecent
                ? $"{recency} DESC NULLS LAST, {trust}, r.record_id"
                : $"{trust}, {recency} DESC NULLS LAST, r.record_id";
            return $"first(r.{a.Key} ORDER BY {order}) FILTER (WHERE r.{a.Key} IS NOT NULL) AS {a.Key}";
        });
        return MatchSql.Fill("golden_records", ("input", input), ("picks", string.Join(",\n       ", picks)));
    }
}
