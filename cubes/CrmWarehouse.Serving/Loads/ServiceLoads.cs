using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.Loads;

/// <summary>
/// The loads a serving process runs for its clients (<c>POST /api/loads</c>): one at a time, each on a thread of its own
/// while requests go on being answered, the last few kept for <c>GET /api/loads/{id}</c>. The service owns the
/// warehouse file, so a <c>crmw load</c> in another shell hands its batch to this instead of fighting for the file.
/// </summary>
public sealed partial class ServiceLoads(IWarehouseLoader loader, TimeProvider clock, ILogger<ServiceLoads> logger) : IAsyncDisposable
{
    /// <summary>Finished loads kept for their clients to read the outcome (a client polls within seconds).</summary>
    private const int Kept = 20;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<LoadStatus> _recent = [];
    private LoadStatus? _running;
    private Task _task = Task.CompletedTask;

    /// <summary>
    /// Starts a load, or says why not: <paramref name="running"/> is this service's load already running (its id goes
    /// back to the caller), or null with a false answer when a batch of the schedule holds the writer.
    /// </summary>
    public bool TryStart(LoadOrder order, string requestedBy, out LoadStatus? started, out LoadStatus? running)
    {
        lock (_gate)
        {
            started = null;
            running = _running is { State: LoadState.Running } current ? current : null;
            if (running is not null || loader.Busy || _stopping.IsCancellationRequested)
            {
                return false;
            }

            // Never all digits: GET /api/loads/{number} is a published batch's health (LoadHealthApi).
            var status = new LoadStatus("load-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), order, requestedBy, clock.GetUtcNow());
            _recent.Insert(0, status);
            if (_recent.Count > Kept)
            {
                _recent.RemoveAt(_recent.Count - 1);
            }

            _running = started = status;
            LogStarted(status.Id, requestedBy, order.Full ? "full" : "incremental");
            _task = Task.Run(() => RunAsync(status));
            return true;
        }
    }

    /// <summary>A load of this service by its id (only the last <see cref="Kept"/>).</summary>
    public LoadStatus? Find(string id)
    {
        lock (_gate)
        {
            return _recent.FirstOrDefault(l => l.Id == id);
        }
    }

    /// <summary>The service is stopping: a running load is interrupted (its batch rolls back, or its mining run is abandoned).</summary>
    public void Stop() => _stopping.Cancel();

    private async Task RunAsync(LoadStatus status)
    {
        try
        {
            var outcome = await loader.RunAsync(status.Order, status, _stopping.Token).ConfigureAwait(false);
            status.Finish(outcome.Published ? LoadState.Published : LoadState.Failed, outcome, clock.GetUtcNow());
            LogFinished(status.Id, status.State, outcome.BatchId);
        }
        catch (Exception e) when (_stopping.IsCancellationRequested)
        {
            status.Finish(LoadState.Cancelled, new LoadOutcome(false, null, null, null, "The service stopped while the load ran; the batch rolled back (" + e.GetType().Name + ").", 130), clock.GetUtcNow());
            LogFinished(status.Id, status.State, null);
        }
        catch (Exception e)
        {
            // The loader turns a batch's failure into an outcome; what reaches here is ours, and goes to the log.
            logger.LogError(e, "Load {LoadId} failed unexpectedly", status.Id);
            status.Finish(LoadState.Failed, new LoadOutcome(false, null, null, null, "The load failed unexpectedly; the reason is in the service's log.", 1), clock.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _task.ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Load {LoadId} ({Kind}) started for {User}")]
    private partial void LogStarted(string loadId, string user, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Load {LoadId} {State} (batch {BatchId})")]
    private partial void LogFinished(string loadId, LoadState state, long? batchId);
}
