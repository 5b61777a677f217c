using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>
/// One row of <c>mart.mining_run</c>: a run of the mining stage, published or failed. The two MAP columns read as
/// dictionaries (DuckDB.NET gives a MAP as one) but are skipped on insert: linq2db's DuckDB provider cannot bind a
/// MAP, so the mining stage sets them with SQL literals in the statement that writes the row.
/// </summary>
[Table(Schema = "mart", Name = "mining_run")]
public sealed class MiningRunRecord
{
    [PrimaryKey, Column("run_id")]
    public long RunId { get; set; }

    [Column("as_of")]
    public DateOnly AsOf { get; set; }

    /// <summary>The load it followed; null when run on demand.</summary>
    [Column("batch_id")]
    public long? BatchId { get; set; }

    /// <summary>batch | cli | bench | test.</summary>
    [Column("trigger"), NotNull]
    public string Trigger { get; set; } = string.Empty;

    [Column("status"), NotNull]
    public string Status { get; set; } = string.Empty;

    [Column("started_at")]
    public DateTimeOffset StartedAt { get; set; }

    [Column("finished_at")]
    public DateTimeOffset? FinishedAt { get; set; }

    [Column("step_seconds", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, double>? StepSeconds { get; set; }

    /// <summary>The figures the CLI prints last (top20_profit_share, churn.auc, …).</summary>
    [Column("headline", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, double>? Headline { get; set; }

    /// <summary>Why a failed run failed; never personal data.</summary>
    [Column("error")]
    public string? Error { get; set; }
}
