using System.Text.RegularExpressions;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// A message for a client, without what it could learn about the host: DuckDB names files by their absolute path
/// and the process holding a lock by its PID. Every door (HTTP, the PostgreSQL wire) passes DuckDB's errors through it.
/// </summary>
internal static partial class HostDetails
{
    public static string Strip(string message) =>
        ProcessId().Replace(AbsolutePath().Replace(message, "<path>"), "PID <n>");

    [GeneratedRegex(@"(?<![\w.:/])/(?:[\w.\-]+/)+[\w.\-]*")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(@"PID \d+")]
    private static partial Regex ProcessId();
}
