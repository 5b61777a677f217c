using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>
/// One row of <c>mart.customer_value</c>: every score of one customer as of a date (RFM, loyalty, profitability,
/// CLV, churn risk, segment). Written by mining_customer_value.sql; read by the doors. Definitions: docs/mining.md.
/// </summary>
[Table(Schema = "mart", Name = "customer_value")]
public sealed class CustomerValue
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("customer_id")]
    public long CustomerId { get; set; }

    /// <summary>The dim_customer version current when scored.</summary>
    [Column("customer_key")]
    public long CustomerKey { get; set; }

    /// <summary>Days since the last transaction; null: none in the RFM window.</summary>
    [Column("recency_days")]
    public int? RecencyDays { get; set; }

    [Column("frequency")]
    public int Frequency { get; set; }

    [Column("monetary")]
    public double Monetary { get; set; }

    [Column("r_score")]
    public sbyte? RScore { get; set; }

    [Column("f_score")]
    public sbyte? FScore { get; set; }

    [Column("m_score")]
    public sbyte? MScore { get; set; }

    [Column("rfm_segment"), NotNull]
    public string RfmSegment { get; set; } = string.Empty;

    [Column("tenure_months")]
    public int TenureMonths { get; set; }

    [Column("products_held")]
    public int ProductsHeld { get; set; }

    [Column("repeat_rate")]
    public double RepeatRate { get; set; }

    [Column("persistence")]
    public double Persistence { get; set; }

    [Column("adoption_rate")]
    public double AdoptionRate { get; set; }

    [Column("complaints")]
    public int Complaints { get; set; }

    [Column("satisfaction")]
    public double? Satisfaction { get; set; }

    /// <summary>0–100.</summary>
    [Column("loyalty_index")]
    public double LoyaltyIndex { get; set; }

    /// <summary>Share of transactions on mobile or online channels.</summary>
    [Column("mobile_share")]
    public double MobileShare { get; set; }

    [Column("deposit_balance")]
    public double DepositBalance { get; set; }

    [Column("loan_balance")]
    public double LoanBalance { get; set; }

    [Column("revenue")]
    public double Revenue { get; set; }

    [Column("cost")]
    public double Cost { get; set; }

    [Column("profit")]
    public double Profit { get; set; }

    [Column("revenue_share")]
    public double RevenueShare { get; set; }

    [Column("profit_share")]
    public double ProfitShare { get; set; }

    /// <summary>1 = most profitable.</summary>
    [Column("pareto_rank")]
    public int ParetoRank { get; set; }

    /// <summary>Share of total profit earned by customers ranked up to this one.</summary>
    [Column("pareto_cum_share")]
    public double ParetoCumShare { get; set; }

    [Column("clv")]
    public double? Clv { get; set; }

    [Column("p_alive")]
    public double? PAlive { get; set; }

    [Column("expected_transactions")]
    public double? ExpectedTransactions { get; set; }

    [Column("churn_risk")]
    public double? ChurnRisk { get; set; }

    [Column("churn_risk_band"), NotNull]
    public string ChurnRiskBand { get; set; } = string.Empty;

    [Column("value_tier"), NotNull]
    public string ValueTier { get; set; } = string.Empty;

    [Column("segment_id")]
    public int? SegmentId { get; set; }
}
