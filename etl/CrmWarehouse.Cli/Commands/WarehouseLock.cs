using System.Text.RegularExpressions;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// DuckDB lets one process at a time open a warehouse file. When another holds it, DuckDB names only the program
/// and its PID; this says which command that process is running and what to do, which is what a user needs.
/// </summary>
internal static partial class WarehouseLock
{
    /// <summary>The explanation when <paramref name="error"/> is DuckDB refusing a file another process holds, else null.</summary>
    public static string? Explain(Exception error)
    {
        var held = Conflict().Match(error.Message);
        if (!held.Success)
        {
            return null;
        }

        var pid = held.Groups["pid"].Value;
        return $"the warehouse {held.Groups["file"].Value} is held by another process: PID {pid}, {CommandLine(pid) ?? held.Groups["program"].Value}. " +
               $"DuckDB lets one process open the file at a time: stop that process (Ctrl+C in its terminal, or kill {pid}) and run this again. " +
               "When that process is a crmw service of this warehouse, `crmw load`, `crmw sql` and `crmw cube query` go through it without --local " +
               "(found where it said it listens, beside the warehouse, or at Serving:Urls; --urls names it).";
    }

    /// <summary>What the process runs, from /proc (Linux), with arguments; null when it cannot be read.</summary>
    private static string? CommandLine(string pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length == 0 ? null : $"`{string.Join(' ', arguments)}`";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex("""Could not set lock on file "(?<file>[^"]+)": Conflicting lock is held in (?<program>.+?) \(PID (?<pid>\d+)\)""")]
    private static partial Regex Conflict();
}
