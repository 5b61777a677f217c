using CrmWarehouse.Warehouse.Batch;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// The mining stage after each load, as of the batch's business date. Its own error boundary: a failure is
/// logged with the batch id (the stage has rolled back and recorded it in mart.mining_run) and the load stays published.
/// </summary>
public sealed partial class MiningAfterLoad(MiningOptions options, TimeProvider clock, ILogger<MiningAfterLoad> logger) : IAfterPublish
{
    public MiningRun? LastRun { get; private set; }

    public void Run(PublishedBatch batch, CancellationToken cancellationToken)
    {
        var (warehouse, batchId, asOf) = (batch.Warehouse, batch.BatchId, batch.AsOf);
        try
        {
            // A first night over sources with no transactions yet has nothing to score: that is not a failed batch.
            if (warehouse.Count("SELECT count(*) FROM dw.fact_transaction WHERE date_key > 0", cancellationToken) == 0)
            {
                LastRun = null;
                LogNothingToMine(batchId);
                return;
            }

            LastRun = new MiningStage(options, clock, logger).Run(warehouse, asOf, "batch", batchId, cancellationToken);
        }
        catch (MiningFailedException e)
        {
            LastRun = null;
            LogFailed(batchId, e.Message);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (DuckDB interrupted mid-statement, whatever error that surfaced as): the mining transaction has rolled back, the marts are as they were; the next load mines again.
            LastRun = null;
            LogAbandoned(batchId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} stays published; its mining run was abandoned because the service is stopping")]
    private partial void LogAbandoned(long batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: the warehouse has no transactions yet; the mining stage waits for them")]
    private partial void LogNothingToMine(long batchId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId} stays published; the mining stage after it failed: {Reason}")]
    private partial void LogFailed(long batchId, string reason);
}
