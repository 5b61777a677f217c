using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>One row of <c>audit.reconciliation</c>: per batch and source table, extracted = loaded + rejected + merged.</summary>
[Table(Schema = "audit", Name = "reconciliation")]
public sealed class ReconciliationRecord
{
    [PrimaryKey(0), Column("batch_id")]
    public long BatchId { get; set; }

    [PrimaryKey(1), Column("source"), NotNull]
    public string Source { get; set; } = string.Empty;

    [PrimaryKey(2), Column("table_name"), NotNull]
    public string TableName { get; set; } = string.Empty;

    [Column("extracted")]
    public long Extracted { get; set; }

    [Column("loaded")]
    public long Loaded { get; set; }

    [Column("rejected")]
    public long Rejected { get; set; }

    /// <summary>Rows folded into another of the same batch (exact repeats), so neither loaded nor rejected.</summary>
    [Column("merged_duplicates")]
    public long MergedDuplicates { get; set; }
}
