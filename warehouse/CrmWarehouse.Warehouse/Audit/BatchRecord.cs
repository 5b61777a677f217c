using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>
/// One row of <c>audit.batch</c>: a batch that published or failed, with its as-of date and, when it failed, why.
/// Its two MAP columns read as dictionaries (DuckDB.NET gives a MAP as one) but are skipped on insert: linq2db's
/// DuckDB provider cannot bind a MAP, so the one statement that writes them (<c>Publish.Write</c>) stays SQL.
/// </summary>
[Table(Schema = "audit", Name = "batch")]
public sealed class BatchRecord
{
    [PrimaryKey, Column("batch_id")]
    public long BatchId { get; set; }

    /// <summary>full | incremental.</summary>
    [Column("kind"), NotNull]
    public string Kind { get; set; } = string.Empty;

    /// <summary>A <see cref="RunStatus"/>.</summary>
    [Column("status"), NotNull]
    public string Status { get; set; } = string.Empty;

    [Column("started_at")]
    public DateTimeOffset StartedAt { get; set; }

    [Column("finished_at")]
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>cli | schedule | misfire | demo | test.</summary>
    [Column("trigger"), NotNull]
    public string Trigger { get; set; } = string.Empty;

    /// <summary>The business day the batch loaded (NULL only for batches published before migration 0013).</summary>
    [Column("as_of")]
    public DateOnly? AsOf { get; set; }

    /// <summary>Seconds per stage (extract, the stages, publish).</summary>
    [Column("stage_seconds", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, double>? StageSeconds { get; set; }

    /// <summary>Rows per stage.</summary>
    [Column("stage_rows", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, long>? StageRows { get; set; }

    /// <summary>Why a failed batch failed; never personal data.</summary>
    [Column("error")]
    public string? Error { get; set; }
}
