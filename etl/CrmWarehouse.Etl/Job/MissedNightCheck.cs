using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.Audit;
using DuckDB.NET.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CrmWarehouse.Etl.Job;

/// <summary>
/// At start: if a scheduled night passed since the last published batch (the service was down), runs the load
/// once now. Several missed nights still mean one batch: incremental extraction catches up from the watermarks.
/// </summary>
public sealed partial class MissedNightCheck(
    EtlOptions options, ISchedulerFactory schedulers, TimeProvider clock, ILogger<MissedNightCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var lastBatch = LastPublishedBatchStart();
        var cron = new CronExpression(options.Schedule.NightlyCron, TimeZoneInfo.FindSystemTimeZoneById(options.Schedule.TimeZone));
        if (!NightWasMissed(cron, lastBatch, clock.GetUtcNow()))
        {
            return;
        }

        LogMissed(lastBatch?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never");
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.TriggerJob(NightlyLoadJob.Key, new JobDataMap { [NightlyLoadJob.TriggerKey] = "misfire" }, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True when the schedule fired (or should have) after the last batch started and before now.</summary>
    internal static bool NightWasMissed(CronExpression cron, DateTimeOffset? lastBatchStart, DateTimeOffset now) =>
        lastBatchStart is not { } last || cron.GetNextValidTimeAfter(last) is { } next && next <= now;

    private DateTimeOffset? LastPublishedBatchStart()
    {
        using var connection = new DuckDBConnection(options.WarehouseConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();

        // A warehouse never loaded has no audit.batch yet (DuckDB.NET gives a failed prepare no error type to catch on).
        command.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'audit' AND table_name = 'batch'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        using var audit = WarehouseData.Over(connection);
        return audit.Batches.Where(b => b.Status == RunStatus.Published).Max(b => (DateTimeOffset?)b.StartedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A scheduled load was missed (last published batch started {LastBatch}); running it once now")]
    private partial void LogMissed(string lastBatch);
}
