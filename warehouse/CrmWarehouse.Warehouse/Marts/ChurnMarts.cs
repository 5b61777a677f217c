using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>One row of <c>mart.churn_month</c>: accounts opened and closed in a month, closures by reason.</summary>
[Table(Schema = "mart", Name = "churn_month")]
public sealed class ChurnMonth
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("month")]
    public DateOnly Month { get; set; }

    [Column("opened")]
    public long Opened { get; set; }

    [Column("closed")]
    public long Closed { get; set; }

    [Column("net")]
    public long Net { get; set; }

    /// <summary>Closed over opened; null in a month nothing opened.</summary>
    [Column("loss_to_acquisition")]
    public double? LossToAcquisition { get; set; }

    [Column("closed_natural")]
    public long ClosedNatural { get; set; }

    [Column("closed_competitive")]
    public long ClosedCompetitive { get; set; }

    [Column("closed_service")]
    public long ClosedService { get; set; }

    [Column("closed_other")]
    public long ClosedOther { get; set; }

    [Column("churned_customers")]
    public long ChurnedCustomers { get; set; }
}

/// <summary>One row of <c>mart.churn_model</c>: the churn-risk model trained at one cutoff and evaluated at a later one.</summary>
[Table(Schema = "mart", Name = "churn_model")]
public sealed class ChurnModel
{
    [PrimaryKey, Column("as_of")]
    public DateOnly AsOf { get; set; }

    [Column("definition"), NotNull]
    public string Definition { get; set; } = string.Empty;

    [Column("horizon_days")]
    public int HorizonDays { get; set; }

    [Column("train_cutoff")]
    public DateOnly TrainCutoff { get; set; }

    [Column("test_cutoff")]
    public DateOnly TestCutoff { get; set; }

    [Column("train_rows")]
    public long TrainRows { get; set; }

    [Column("train_churners")]
    public long TrainChurners { get; set; }

    [Column("test_rows")]
    public long TestRows { get; set; }

    [Column("test_churners")]
    public long TestChurners { get; set; }

    [Column("auc")]
    public double? Auc { get; set; }

    [Column("precision_at_10")]
    public double? PrecisionAt10 { get; set; }

    [Column("base_rate")]
    public double? BaseRate { get; set; }

    /// <summary>On standardised features; a DuckDB MAP, read as a dictionary.</summary>
    [Column("coefficients", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, double>? Coefficients { get; set; }
}
