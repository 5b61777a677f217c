using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// What to do when DuckDB runs out of memory or of disk. Its out-of-memory message ends with advice for its shell
/// (<c>SET memory_limit</c>, <c>SET threads</c>) that a crmw user cannot follow; the limit is ours, Warehouse:MemoryLimit,
/// and that is what to raise. Out of disk it names the file it could not write and no more; what fills the disk is
/// mostly its spill, in the temp directory ours configures (Warehouse:TempDirectory), and that is what to move.
/// </summary>
public static partial class ResourceAdvice
{
    /// <summary>The explanation when <paramref name="error"/> is DuckDB out of memory or of disk, else null.</summary>
    public static string? Explain(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.DuckDbErrorType() switch
        {
            DuckDBErrorType.OutOfMemory => OutOfMemory(error.Message),
            DuckDBErrorType.Io when error.Message.Contains("No space left on device", StringComparison.Ordinal) => OutOfDisk(error.Message),
            _ => null,
        };
    }

    private static string OutOfMemory(string message)
    {
        var advice = message.IndexOf("Possible solutions", StringComparison.Ordinal);
        var what = (advice < 0 ? message : message[..advice]).Trim().TrimEnd('.');
        return $"{what}. The warehouse's memory limit (Warehouse:MemoryLimit, {new WarehouseOptions().MemoryLimit} unless configured) is too small for this step at this "
               + "bank's size; past it DuckDB spills to disk, but not every step can. Raise it in config/appsettings.json, or for one run "
               + "with CRMW_Warehouse__MemoryLimit=4GB before the command (the process then uses about 0.5–1 GB more than the limit).";
    }

    /// <summary>Names the file by its name only: the message goes to audit.batch, which the auditor reads over HTTP.</summary>
    private static string OutOfDisk(string message)
    {
        var file = UnwrittenFile().Match(message) is { Success: true } match ? Path.GetFileName(match.Groups[1].Value) : null;
        return $"DuckDB ran out of disk space{(file is null ? string.Empty : $" writing {file}")} (No space left on device). What does not fit in "
               + "Warehouse:MemoryLimit spills to the warehouse's temp directory (Warehouse:TempDirectory, beside the warehouse file unless configured): "
               + "a full load of a large bank can spill tens of GB there (scale 30 at a 10GB limit: more than 30 GB), and the warehouse file grows by the batch. "
               + "Free space on that disk, point the temp directory at a larger one (CRMW_Warehouse__TempDirectory=/mnt/big/crmw-tmp for one run), "
               + "or raise Warehouse:MemoryLimit so that less spills.";
    }

    [GeneratedRegex("Could not write file \"([^\"]+)\"")]
    private static partial Regex UnwrittenFile();
}
