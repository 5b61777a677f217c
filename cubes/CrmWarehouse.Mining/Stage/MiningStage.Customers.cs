using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Star;
namespace CrmWarehouse.Mining.Stage;

/// <summary>Assembling customer value, profiling a group against the rest, and the write-back to the customer dimension.</summary>
public sealed partial class MiningStage
{
    private static void CustomerValue(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        sql.Run("customer_value", cancellationToken);
        using var reader = sql.Warehouse.Reader("""
            SELECT count(*), avg(loyalty_index), avg(clv), count(*) FILTER (churn_risk_band = 'high') FROM mart.customer_value WHERE as_of = $as_of
            """, cancellationToken, ("as_of", sql.AsOf));
        reader.Read();
        headline["customers"] = reader.GetInt64(0);
        headline["loyalty.mean"] = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
        headline["clv.mean"] = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
        headline["churn.high_risk"] = reader.GetInt64(3);
    }

    /// <summary>
    /// Concept description of <paramref name="group"/> against the other customers of the as-of date: the share of each
    /// category of every categorical attribute in the group and in the rest, and the mean of every number, with their ratio.
    /// Replaces an earlier profile of the same group and date.
    /// </summary>
    public static void Profile(MiningSql sql, ProfileGroup group, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        const string Source = """
            (SELECT v.*, c.gender, c.age_band, c.education, c.occupation, c.income_band, c.city, c.segment, c.tier,
                    CASE WHEN c.birth_date IS NOT NULL THEN date_diff('year', c.birth_date, v.as_of) END AS age
             FROM mart.customer_value v JOIN dw.dim_customer c ON c.customer_key = v.customer_key WHERE v.as_of = $as_of)
            """;
        var categories = ProfileGroup.Categories.Select(a => $"""
            SELECT '{a}' AS attribute, coalesce({a}::VARCHAR, 'unknown') AS value,
                   count(*) FILTER (in_group) / nullif(sum(count(*) FILTER (in_group)) OVER (), 0) AS group_value,
                   count(*) FILTER (NOT in_group) / nullif(sum(count(*) FILTER (NOT in_group)) OVER (), 0) AS rest_value
            FROM scored GROUP BY ALL
            """);
        var numbers = ProfileGroup.Numbers.Select(a => $"""
            SELECT '{a}', 'mean', avg({a}) FILTER (in_group), avg({a}) FILTER (NOT in_group) FROM scored
            """);
        sql.Execute($"""
            DELETE FROM mart.profile WHERE as_of = $as_of AND group_name = $name;
            INSERT INTO mart.profile
            WITH scored AS (SELECT *, coalesce({group.Column}::VARCHAR = $value, false) AS in_group FROM {Source}),
            compared AS ({string.Join(" UNION ALL ", categories.Concat(numbers))})
            SELECT $as_of, $name, attribute, value, coalesce(group_value, 0), coalesce(rest_value, 0), group_value / nullif(rest_value, 0)
            FROM compared WHERE group_value IS NOT NULL OR rest_value IS NOT NULL;
            """, cancellationToken, ("name", group.Name), ("value", group.Value));
        headline["profile.group_customers"] = sql.Warehouse.Count(
            $"SELECT count(*) FROM {Source} WHERE {group.Column}::VARCHAR = $value", cancellationToken, ("as_of", sql.AsOf), ("value", group.Value));
    }

    private static void WriteBack(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        var before = sql.Warehouse.Count("SELECT count(*) FROM dw.dim_customer", cancellationToken);
        sql.Run("write_back", cancellationToken);
        CustomerHistory.Write(sql.Warehouse, cancellationToken);
        headline["write_back.versions"] = sql.Warehouse.Count("SELECT count(*) FROM dw.dim_customer", cancellationToken) - before;
        headline["write_back.changed"] = sql.Warehouse.Count("SELECT count(*) FROM m_score_change", cancellationToken);
    }
}
