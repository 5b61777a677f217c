using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>
/// One row of <c>audit.batch</c>: a batch that published or failed, with its as-of date and, when it failed, why.
/// Its two MAP columns (<c>stage_seconds</c>, <c>stage_rows</c>) are not mapped: linq2db's DuckDB provider has no MAP
/// type, so the one statement that writes them (<c>Publish.Write</c>) and the one that reads them (<c>GET /api/loads</c>)
/// stay SQL.
/// </summary>
[Table(Schema = "audit", Name = "batch")]
internal sealed class BatchRecord
{
    public const string Published = "published";

    public const string Failed = "failed";

    [PrimaryKey, Column("batch_id")]
    public long BatchId { get; set; }

    /// <summary>full | incremental.</summary>
    [Column("kind"), NotNull]
    public string Kind { get; set; } = string.Empty;

    /// <summary><see cref="Published"/> or <see cref="Failed"/>.</summary>
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

    /// <summary>Why a failed batch failed; never personal data.</summary>
    [Column("error")]
    public string? Error { get; set; }
}
