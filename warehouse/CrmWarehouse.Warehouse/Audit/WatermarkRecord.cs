using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>One row of <c>audit.watermark</c>: how far a source table has been read; moves only when its batch publishes.</summary>
[Table(Schema = "audit", Name = "watermark")]
public sealed class WatermarkRecord
{
    [PrimaryKey(0), Column("source"), NotNull]
    public string Source { get; set; } = string.Empty;

    [PrimaryKey(1), Column("table_name"), NotNull]
    public string TableName { get; set; } = string.Empty;

    /// <summary>The change column the value is of (e.g. <c>updated_at</c>).</summary>
    [Column("column_name"), NotNull]
    public string ColumnName { get; set; } = string.Empty;

    /// <summary>The highest value read, as text so one column holds timestamps and sequence numbers alike.</summary>
    [Column("value"), NotNull]
    public string Value { get; set; } = string.Empty;

    /// <summary>The batch that moved it here.</summary>
    [Column("batch_id")]
    public long BatchId { get; set; }
}
