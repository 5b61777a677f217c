using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Serving.Loads;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// The loads of <c>POST /api/loads</c> in a serving process (<c>serve</c>, <c>run</c>, <c>demo</c>): the same composed
/// batch as the nightly job, on its own connection to the database the service holds, so readers go on being answered
/// from the last published batch while it runs. The outcome carries the summary <c>crmw load</c> prints.
/// </summary>
internal sealed class BatchLoader(ComposedBatch batch) : IWarehouseLoader
{
    public bool Busy => BatchRunner.IsRunning;

    public async Task<LoadOutcome> RunAsync(LoadOrder order, ILoadProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(progress);
        BatchResult result;
        try
        {
            // Progress<T> would post to the thread pool and could report after the end; this reports in place.
            result = await batch.Runner.RunAsync(new BatchRequest(order.Full, "http", order.AsOf, order.ReconcileKeys), new InPlace(progress), progress.Stage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && CliBoundary.IsReported(e))
        {
            // The batch rolled back and recorded why; the client gets the line `crmw load` would have printed.
            return new LoadOutcome(false, null, order.AsOf, null, WarehouseLock.Explain(e) ?? e.Message, 1);
        }

        using var text = new StringWriter();
        LoadSummary.Print(result, batch.Options.WarehouseConnectionString, CliConsole.For(text));
        text.WriteLine(LoadSummary.MiningLine(batch.Mining.LastRun));
        return new LoadOutcome(true, result.BatchId, result.AsOf, text.ToString(), null, 0);
    }

    private sealed class InPlace(ILoadProgress progress) : IProgress<(string Table, long Rows)>
    {
        public void Report((string Table, long Rows) value) => progress.Extracted(value.Table, value.Rows);
    }
}
