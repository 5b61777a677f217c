using System.Data.Common;

namespace CrmWarehouse.Warehouse.Schema;

/// <summary>
/// The business date the warehouse stands at: the as-of date of its latest published batch. Mining and the cubes'
/// relative filters ("last 12 months") count from it, so an answer depends on the data, not on the day it is asked.
/// </summary>
public static class PublishedAsOf
{
    /// <summary>The latest published batch's as-of date, or null when nothing has been published yet.</summary>
    public static DateOnly? Latest(DbConnection warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        using var command = warehouse.CreateCommand();
        command.CommandText = """
            SELECT as_of FROM audit.batch WHERE status = 'published' AND as_of IS NOT NULL ORDER BY batch_id DESC LIMIT 1
            """;
        return command.ExecuteScalar() switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            _ => null,
        };
    }
}
