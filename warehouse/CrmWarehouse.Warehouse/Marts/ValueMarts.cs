using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>One point of <c>mart.pareto_curve</c>: the share of profit earned by the most profitable share of customers.</summary>
[Table(Schema = "mart", Name = "pareto_curve")]
public sealed class ParetoPoint
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("customer_share")]
    public double CustomerShare { get; set; }

    [Column("profit_share")]
    public double ProfitShare { get; set; }
}

/// <summary>One row of <c>mart.alerts</c>: an account flagged for review by an outlier rule.</summary>
[Table(Schema = "mart", Name = "alerts")]
public sealed class Alert
{
    [Column("as_of")]
    public DateOnly AsOf { get; set; }

    [Column("account_key")]
    public long AccountKey { get; set; }

    [Column("customer_id")]
    public long CustomerId { get; set; }

    [Column("alert_date")]
    public DateOnly AlertDate { get; set; }

    /// <summary>structuring | split_deposits | daily_amount | velocity | robust_z.</summary>
    [Column("rule"), NotNull]
    public string Rule { get; set; } = string.Empty;

    [Column("reason"), NotNull]
    public string Reason { get; set; } = string.Empty;

    [Column("score")]
    public double Score { get; set; }
}
