using CrmWarehouse.Warehouse.Audit;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Schema;

/// <summary>
/// The business date the warehouse stands at: the as-of date of its latest published batch. Mining and the cubes'
/// relative filters ("last 12 months") count from it, so an answer depends on the data, not on the day it is asked.
/// </summary>
public static class PublishedAsOf
{
    /// <summary>The latest published batch's as-of date, or null when nothing has been published yet.</summary>
    public static DateOnly? Latest(DuckDBConnection warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        using var audit = WarehouseData.Over(warehouse);
        return (from b in audit.Batches
                where b.Status == RunStatus.Published && b.AsOf != null
                orderby b.BatchId descending
                select b.AsOf).FirstOrDefault();
    }
}
