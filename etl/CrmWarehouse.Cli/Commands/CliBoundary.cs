using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Bank.LocalServers;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// The one place a CLI command catches: a failure is reported on stderr as one clear line (exit code 1),
/// a cancellation (Ctrl+C) as "cancelled" (exit code 130). Unexpected errors keep their stack trace.
/// </summary>
internal static class CliBoundary
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"crmw {command}: cancelled.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (IsReported(e))
        {
            await Console.Error.WriteLineAsync($"crmw {command}: {WarehouseLock.Explain(e) ?? ResourceAdvice.Explain(e) ?? e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The failures whose message is all a user needs (no stack trace): ours, DuckDB's, the sources'.</summary>
    public static bool IsReported(Exception e) =>
        e.DuckDbErrorType() is not null || e is SourceUnavailableException or SourceFileException or SourceServerException or GenerationException or IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException or FormatException or ArgumentException or KeyNotFoundException or InvalidDataException;
}
