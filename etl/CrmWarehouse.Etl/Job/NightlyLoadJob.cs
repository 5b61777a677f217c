using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CrmWarehouse.Etl.Job;

/// <summary>
/// The scheduled nightly batch. The one error boundary of a scheduled run: a failure is logged with its batch
/// (the batch itself has already rolled back and recorded why); the scheduler carries on to the next night.
/// </summary>
public sealed partial class NightlyLoadJob(BatchRunner runner, ILogger<NightlyLoadJob> logger) : IJob
{
    public static readonly JobKey Key = new("nightly-load", "etl");

    public const string TriggerKey = "trigger";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var trigger = context.MergedJobDataMap.TryGetString(TriggerKey, out var name) && name is not null ? name : "schedule";
        try
        {
            var result = await runner.RunAsync(new BatchRequest(Full: false, trigger), progress: null, cancellationToken).ConfigureAwait(false);
            LogDone(result.BatchId, trigger);
        }
        catch (BatchAlreadyRunningException)
        {
            LogSkipped(trigger);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && (e is OperationCanceledException || e.DuckDbErrorType() == DuckDB.NET.Native.DuckDBErrorType.Interrupt))
        {
            // A stop interrupts DuckDB mid-statement; the statement then fails as interrupted rather than cancelled.
            LogCancelled(trigger);
        }
        catch (Exception e)
        {
            LogFailed(trigger, BatchFailure.Describe(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly load ({Trigger}) published batch {BatchId}")]
    private partial void LogDone(long batchId, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nightly load ({Trigger}) skipped: another batch is running")]
    private partial void LogSkipped(string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nightly load ({Trigger}) cancelled by shutdown; the batch rolled back")]
    private partial void LogCancelled(string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nightly load ({Trigger}) failed; the previous data is still served: {Reason}")]
    private partial void LogFailed(string trigger, string reason);
}
