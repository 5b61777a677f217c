using System.Diagnostics;
using CrmWarehouse.Etl.Clean;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Warehouse.Batch;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// How a batch was asked for. <paramref name="AsOf"/>: the business date (default: see <see cref="AsOfPolicy"/>).
/// <paramref name="ReconcileKeys"/>: compare every incremental table's keys with its source tonight (hard deletes),
/// not only those checked every batch or on the schedule's reconciliation day.
/// </summary>
public sealed record BatchRequest(bool Full, string Trigger, DateOnly? AsOf = null, bool ReconcileKeys = false);

/// <summary>What a published batch did.</summary>
public sealed record BatchResult(
    long BatchId, DateOnly AsOf, IReadOnlyList<TableExtract> Extracts, IReadOnlyDictionary<(string Source, string Table), Reconciliation> Reconciliation,
    IReadOnlyDictionary<string, double> StageSeconds, IReadOnlyDictionary<string, long> StageRows);

/// <summary>A second batch was asked for while one runs: DuckDB has one writer, and loads never overlap.</summary>
internal sealed class BatchAlreadyRunningException() : InvalidOperationException("A batch is already running in this process; loads never run two at a time.");

/// <summary>
/// One batch: extract every source into staging (scratch, outside the publish transaction), then run the stages
/// in ONE warehouse transaction that also writes the reconciliation, the new watermarks and the audit.batch row.
/// Either all of it is visible or none of it: a failure rolls back, leaves the previous data and watermarks as they
/// were, and records a 'failed' batch row with the reason. Then, once published, the optional after-publish work
/// (the mining stage), whose own failure does not un-publish the batch.
/// </summary>
public sealed partial class BatchRunner(
    EtlOptions options, IReadOnlyList<IBatchStage> stages, TimeProvider clock, ILogger<BatchRunner> logger, IAfterPublish? afterPublish = null)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public Task<BatchResult> RunAsync(BatchRequest request, IProgress<(string Table, long Rows)>? progress, CancellationToken cancellationToken) =>
        RunAsync(request, progress, onStage: null, cancellationToken);

    /// <summary>True while a batch runs in this process (a second one would be refused).</summary>
    public static bool IsRunning => OneAtATime.CurrentCount == 0;

    /// <summary>As above; <paramref name="onStage"/> is told each stage of this batch as it starts (besides <see cref="OnStage"/>).</summary>
    public async Task<BatchResult> RunAsync(BatchRequest request, IProgress<(string Table, long Rows)>? progress, Action<string>? onStage, CancellationToken cancellationToken)
    {
        if (!await OneAtATime.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            throw new BatchAlreadyRunningException();
        }

        _runStage = onStage;
        try
        {
            // Chosen once, before anything is written: a refused date leaves no trace but the message.
            request = request with { AsOf = options.AsOf(clock).Choose(request.AsOf) };
            using var warehouse = WarehouseDatabase.OpenMigrated(options.WarehouseConnectionString, CleaningRules.Script);
            var batchId = warehouse.Count("SELECT nextval('audit.batch_id_seq')", cancellationToken);
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["BatchId"] = batchId });
            var started = clock.GetUtcNow();
            LogStarting(batchId, request.Full ? "full" : "incremental", request.AsOf.Value, request.Trigger);
            BatchResult result;
            try
            {
                try
                {
                    result = await RunBatchAsync(warehouse, batchId, started, request, progress, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    EmptyStaging(warehouse);
                }

                LogPublished(batchId, (clock.GetUtcNow() - started).TotalSeconds);
            }
            catch (Exception e)
            {
                var reason = BatchFailure.Describe(e);
                LogFailed(batchId, reason);
                RecordFailure(warehouse, batchId, request, started, reason);
                throw;
            }

            // Published: what follows (mining) has its own error boundary and never turns the batch into a failed one.
            if (afterPublish is not null)
            {
                StageStarting("after-publish");
                afterPublish.Run(new PublishedBatch(warehouse, null, batchId, result.AsOf), cancellationToken);
            }

            return result;
        }
        finally
        {
            _runStage = null;
            OneAtATime.Release();
        }
    }

    private async Task<BatchResult> RunBatchAsync(
        DuckDBConnection warehouse, long batchId, DateTimeOffset started, BatchRequest request,
        IProgress<(string Table, long Rows)>? progress, CancellationToken cancellationToken)
    {
        var stageSeconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clockStart = Stopwatch.StartNew();
        StageStarting("extract");
        ClearStaging(warehouse);
        var extractor = new Extractor(options.WarehouseConnectionString, options.Schedule.Retry, clock, logger);
        var asOf = request.AsOf ?? throw new InvalidOperationException("The batch's as-of date is chosen before it starts.");
        var endOfBusinessDay = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var reconcile = request.ReconcileKeys || asOf.DayOfWeek == options.Schedule.KeyReconciliationDay;
        var extracts = await extractor.ExtractAsync(
            options.Sources, Watermarks(warehouse), request.Full, batchId, endOfBusinessDay, progress, cancellationToken, TableSizes(warehouse), reconcile).ConfigureAwait(false);
        stageSeconds["extract"] = clockStart.Elapsed.TotalSeconds;

        var context = new BatchContext(warehouse, batchId, request.Full, asOf, extracts, logger) { Steps = new StepRunner(StageStarting) };
        context.StageRows["extract"] = extracts.Sum(e => e.Rows);
        RunStages(context, StagePhase.Prepare, cancellationToken);
        using var transaction = warehouse.BeginTransaction();
        context.Transaction = transaction;
        RunStages(context, StagePhase.Publish, cancellationToken);

        foreach (var (name, seconds) in context.StageSeconds)
        {
            stageSeconds[name] = seconds;
        }

        var unbalanced = context.Reconciliation.Where(r => !r.Value.Balances).Select(r => $"{r.Key.Source}.{r.Key.Table} (extracted {r.Value.Extracted}, loaded {r.Value.Loaded}, rejected {r.Value.Rejected}, merged {r.Value.Merged})").ToList();
        if (unbalanced.Count > 0)
        {
            throw new InvalidOperationException($"Reconciliation does not balance for {string.Join("; ", unbalanced)}: rows would be lost, so nothing is published.");
        }

        var publishClock = Stopwatch.StartNew();
        StageStarting("publish");
        Publish.Write(context, request, started, clock.GetUtcNow(), stageSeconds);
        transaction.Commit();
        stageSeconds["publish"] = publishClock.Elapsed.TotalSeconds;
        return new BatchResult(batchId, asOf, extracts, context.Reconciliation, stageSeconds, context.StageRows);
    }

    private void RunStages(BatchContext context, StagePhase phase, CancellationToken cancellationToken)
    {
        foreach (var stage in stages.Where(s => s.Phase == phase))
        {
            context.Steps.Run(stage.Name, ct => stage.Run(context, ct), cancellationToken);
        }
    }

    /// <summary>Staging holds only the batch being loaded; what an earlier (perhaps killed) batch left there goes.</summary>
    private static void ClearStaging(DuckDBConnection warehouse)
    {
        using var command = warehouse.CreateCommand();
        command.CommandText = "SELECT string_agg('DROP TABLE staging.\"' || schema_name || '\".\"' || table_name || '\"', '; ') FROM duckdb_tables() WHERE database_name = 'staging'";
        if (command.ExecuteScalar() is string drops)
        {
            command.CommandText = drops;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// After the batch, published or not, its staged rows go and staging's file gives the space back, so that between
    /// nights, and for the mining that follows a load, staging takes neither memory nor disk (at scale 30 it held 15 GB).
    /// DuckDB frees the dropped tables' blocks at the first checkpoint but cuts the file's free end only at a later one
    /// that has something to write (it skips a checkpoint with nothing to do), hence the second: a table made and dropped.
    /// In a serving process DuckDB refuses the checkpoint while another connection writes (every query's audit row is a
    /// write): the space then comes back at a later checkpoint, and the batch, already published, stays published
    /// (FORCE CHECKPOINT would abort the readers' transactions instead).
    /// </summary>
    private void EmptyStaging(DuckDBConnection warehouse)
    {
        ClearStaging(warehouse);
        try
        {
            warehouse.Execute("CHECKPOINT staging", CancellationToken.None);
            warehouse.Execute("CREATE TABLE staging.main.crmw_checkpoint AS SELECT 1 AS x; DROP TABLE staging.main.crmw_checkpoint", CancellationToken.None);
            warehouse.Execute("CHECKPOINT staging", CancellationToken.None);
        }
        catch (Exception e) when (e.DuckDbErrorType() is DuckDBErrorType.Transaction)
        {
            LogStagingNotCheckpointed(e.Message);
        }
    }

    /// <summary>The most rows each source table has given a batch so far: the extractor starts the biggest first.</summary>
    private static Dictionary<(string Source, string Table), long> TableSizes(DuckDBConnection warehouse)
    {
        using var audit = WarehouseData.Over(warehouse);
        return (from r in audit.Reconciliation
                group r by new { r.Source, r.TableName } into table
                select new { table.Key.Source, table.Key.TableName, Most = table.Max(r => r.Extracted) })
            .ToDictionary(t => (t.Source, t.TableName), t => t.Most);
    }

    private static Dictionary<(string Source, string Table), string> Watermarks(DuckDBConnection warehouse)
    {
        using var audit = WarehouseData.Over(warehouse);
        return audit.Watermarks.ToDictionary(w => (w.Source, w.TableName), w => w.Value);
    }

    private void RecordFailure(DuckDBConnection warehouse, long batchId, BatchRequest request, DateTimeOffset started, string reason)
    {
        try
        {
            Publish.WriteFailure(warehouse, batchId, request, started, clock.GetUtcNow(), reason);
        }
        catch (Exception e) when (e.DuckDbErrorType() is not null)
        {
            LogFailureNotRecorded(batchId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} starting ({Kind}, as of {AsOf:yyyy-MM-dd}, trigger {Trigger})")]
    private partial void LogStarting(long batchId, string kind, DateOnly asOf, string trigger);

    /// <summary>Told the name of each stage as it starts (extract, the stages, publish): the CLI shows it.</summary>
    public Action<string>? OnStage { get; init; }

    /// <summary>The running batch's own stage listener (one batch at a time, so one field serves).</summary>
    private Action<string>? _runStage;

    private void StageStarting(string stage)
    {
        LogStage(stage);
        OnStage?.Invoke(stage);
        _runStage?.Invoke(stage);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stage {Stage} started")]
    private partial void LogStage(string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} published in {Seconds:0.0} s")]
    private partial void LogPublished(long batchId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId} failed; nothing was published: {Reason}")]
    private partial void LogFailed(long batchId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staging was emptied but not checkpointed (another connection is writing); its space comes back at a later checkpoint: {Reason}")]
    private partial void LogStagingNotCheckpointed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId}: the failure could not be recorded in audit.batch: {Reason}")]
    private partial void LogFailureNotRecorded(long batchId, string reason);
}
