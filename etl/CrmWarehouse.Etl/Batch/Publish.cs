using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using LinqToDB;
using LinqToDB.Data;

namespace CrmWarehouse.Etl.Batch;

/// <summary>The batch's own records: reconciliation, watermarks and the audit.batch row.</summary>
internal static class Publish
{
    /// <summary>Written inside the publish transaction, so they become visible with the data or not at all.</summary>
    public static void Write(BatchContext context, BatchRequest request, DateTimeOffset started, DateTimeOffset finished, IReadOnlyDictionary<string, double> stageSeconds)
    {
        var transaction = context.Transaction ?? throw new InvalidOperationException("The batch's records are written inside its publish transaction.");
        using (var audit = WarehouseData.Over(context.Warehouse, transaction))
        {
            // One appender over all rows (linq2db's provider-specific bulk copy for DuckDB), not an INSERT per row.
            audit.BulkCopy(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific }, context.Reconciliation.Select(r => new ReconciliationRecord
            {
                BatchId = context.BatchId, Source = r.Key.Source, TableName = r.Key.Table,
                Extracted = r.Value.Extracted, Loaded = r.Value.Loaded, Rejected = r.Value.Rejected, MergedDuplicates = r.Value.Merged,
            }));

            foreach (var extract in context.Extracts.Where(e => e.Watermark is not null))
            {
                audit.InsertOrReplace(new WatermarkRecord
                {
                    Source = extract.Source, TableName = extract.Table, ColumnName = extract.ChangeColumn!, Value = extract.Watermark!, BatchId = context.BatchId,
                });
            }
        }

        // Stays SQL: stage_seconds and stage_rows are DuckDB MAPs, which linq2db's DuckDB provider cannot bind.
        context.Warehouse.Execute("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of, stage_seconds, stage_rows)
            VALUES ($batch, $kind, 'published', $started, $finished, $trigger, $as_of,
                    map_from_entries($seconds::STRUCT(k VARCHAR, v DOUBLE)[]), map_from_entries($rows::STRUCT(k VARCHAR, v BIGINT)[]))
            """, CancellationToken.None,
            ("batch", context.BatchId), ("kind", Kind(request)), ("started", started), ("finished", finished),
            ("trigger", request.Trigger), ("as_of", context.AsOf), ("seconds", StructList(stageSeconds)), ("rows", StructList(context.StageRows)));
    }

    /// <summary>Written on its own after the rollback: the failed batch is on record, its data is not.</summary>
    public static void WriteFailure(DuckDBConnection warehouse, long batchId, BatchRequest request, DateTimeOffset started, DateTimeOffset finished, string reason)
    {
        using var audit = WarehouseData.Over(warehouse);
        audit.Insert(new BatchRecord
        {
            BatchId = batchId, Kind = Kind(request), Status = RunStatus.Failed, StartedAt = started, FinishedAt = finished,
            Trigger = request.Trigger, AsOf = request.AsOf, Error = reason,
        });
    }

    private static string Kind(BatchRequest request) => request.Full ? "full" : "incremental";

    /// <summary>A map as the text of a LIST of STRUCT(k, v), which DuckDB casts (no nested parameters in the binding).</summary>
    private static string StructList<T>(IReadOnlyDictionary<string, T> values) where T : IFormattable =>
        "[" + string.Join(", ", values.Select(v => $"{{'k': '{v.Key.Replace("'", "''", StringComparison.Ordinal)}', 'v': {v.Value.ToString(null, System.Globalization.CultureInfo.InvariantCulture)}}}")) + "]";
}
