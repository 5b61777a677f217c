using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// What to do when DuckDB runs out of memory. Its own message ends with advice for its shell (<c>SET memory_limit</c>,
/// <c>SET threads</c>) that a crmw user cannot follow; the limit is ours, Warehouse:MemoryLimit, and that is what to raise.
/// </summary>
public static class MemoryAdvice
{
    /// <summary>The explanation when <paramref name="error"/> is DuckDB out of memory, else null.</summary>
    public static string? Explain(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.DuckDbErrorType() is not DuckDBErrorType.OutOfMemory)
        {
            return null;
        }

        var message = error.Message;
        var advice = message.IndexOf("Possible solutions", StringComparison.Ordinal);
        var what = (advice < 0 ? message : message[..advice]).Trim().TrimEnd('.');
        return $"{what}. The warehouse's memory limit (Warehouse:MemoryLimit, {new WarehouseOptions().MemoryLimit} unless configured) is too small for this step at this "
               + "bank's size; past it DuckDB spills to disk, but not every step can. Raise it in config/appsettings.json, or for one run "
               + "with CRMW_Warehouse__MemoryLimit=4GB before the command (the process then uses about 0.5–1 GB more than the limit).";
    }
}
