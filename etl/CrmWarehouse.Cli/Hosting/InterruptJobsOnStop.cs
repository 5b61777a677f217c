using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CrmWarehouse.Etl.Job;
using Quartz;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// On Ctrl+C or SIGTERM, interrupts the running nightly job before Quartz waits for it: Quartz's own shutdown waits for
/// a job without cancelling it, so a load or a mining run would go on for minutes and the host would give up on it
/// (leaving the WAL behind). Cancelled, the batch rolls back (or, past its publish, the mining run is abandoned),
/// DuckDB is interrupted mid-statement, and the host stops within <see cref="WorkerHost.ShutdownTimeout"/>.
/// Registered after Quartz's hosted service, so it is stopped before it.
/// </summary>
internal sealed partial class InterruptJobsOnStop(ISchedulerFactory schedulers, ILogger<InterruptJobsOnStop> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        // Standby first: no trigger may start a new load while the running one winds down.
        await scheduler.Standby(cancellationToken).ConfigureAwait(false);
        if (await scheduler.Interrupt(NightlyLoadJob.Key, cancellationToken).ConfigureAwait(false))
        {
            LogInterrupted();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: the running load was interrupted; a batch not yet published rolls back")]
    private partial void LogInterrupted();
}
