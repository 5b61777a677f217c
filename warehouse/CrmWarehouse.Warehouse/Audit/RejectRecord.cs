using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>
/// One row of <c>audit.rejects</c>: a cleaning rule that failed on a source row, with the raw value. The cleaning
/// SQL writes these set-based; the mapping is for reading them (the load summary counts them per rule).
/// </summary>
[Table(Schema = "audit", Name = "rejects")]
public sealed class RejectRecord
{
    [Column("batch_id")]
    public long BatchId { get; set; }

    [Column("source"), NotNull]
    public string Source { get; set; } = string.Empty;

    [Column("table_name"), NotNull]
    public string TableName { get; set; } = string.Empty;

    [Column("source_key"), NotNull]
    public string SourceKey { get; set; } = string.Empty;

    [Column("rule"), NotNull]
    public string Rule { get; set; } = string.Empty;

    [Column("column_name")]
    public string? ColumnName { get; set; }

    /// <summary>The value as the source sent it (may be personal: never logged).</summary>
    [Column("raw_value")]
    public string? RawValue { get; set; }

    [Column("detail")]
    public string? Detail { get; set; }

    /// <summary>rejected (the row stayed out, counted in reconciliation) | repaired (loaded with the value fixed or removed).</summary>
    [Column("action")]
    public string? Action { get; set; }
}
