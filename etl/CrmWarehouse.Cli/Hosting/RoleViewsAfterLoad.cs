using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.Batch;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// After a load of the service publishes: the mining stage, then the role views made again, so that the rollup
/// tables the load created are seen through the roles' views at once. A failure to make them is logged; the views
/// of before keep serving (they name tables, which DuckDB looks up at each query).
/// </summary>
internal sealed partial class RoleViewsAfterLoad(IAfterPublish mining, RoleCatalog roles, ILogger<RoleViewsAfterLoad> logger) : IAfterPublish
{
    public void Run(PublishedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        mining.Run(batch, cancellationToken);
        try
        {
            RoleViews.Refresh(batch.Warehouse, roles, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(batch.BatchId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId}: the role views could not be made again; the previous ones still serve: {Reason}")]
    private partial void LogFailed(long batchId, string reason);
}
