using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Batch;

/// <summary>The batch's own records: reconciliation, watermarks and the audit.batch row.</summary>
internal static class Publish
{
    /// <summary>Written inside the publish transaction, so they become visible with the data or not at all.</summary>
    public static void Write(DuckDBConnection warehouse, BatchContext context, BatchRequest request, DateTimeOffset started, DateTimeOffset finished, IReadOnlyDictionary<string, double> stageSeconds)
    {
        using (var appender = warehouse.CreateAppender("audit", "reconciliation"))
        {
            foreach (var ((source, table), counts) in context.Reconciliation)
            {
                appender.CreateRow().AppendValue(context.BatchId).AppendValue(source).AppendValue(table)
                    .AppendValue(counts.Extracted).AppendValue(counts.Loaded).AppendValue(counts.Rejected).AppendValue(counts.Merged).EndRow();
            }
        }

        foreach (var extract in context.Extracts.Where(e => e.Watermark is not null))
        {
            var change = extract.Watermark!;
            warehouse.Execute("""
                INSERT OR REPLACE INTO audit.watermark (source, table_name, column_name, value, batch_id)
                VALUES ($source, $table, $column, $value, $batch)
                """, CancellationToken.None,
                ("source", extract.Source), ("table", extract.Table), ("column", extract.ChangeColumn), ("value", change), ("batch", context.BatchId));
        }

        warehouse.Execute("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of, stage_seconds, stage_rows)
            VALUES ($batch, $kind, 'published', $started, $finished, $trigger, $as_of,
                    map_from_entries($seconds::STRUCT(k VARCHAR, v DOUBLE)[]), map_from_entries($rows::STRUCT(k VARCHAR, v BIGINT)[]))
            """, CancellationToken.None,
            ("batch", context.BatchId), ("kind", request.Full ? "full" : "incremental"), ("started", started), ("finished", finished),
            ("trigger", request.Trigger), ("as_of", context.AsOf), ("seconds", StructList(stageSeconds)), ("rows", StructList(context.StageRows)));
    }

    /// <summary>Written on its own after the rollback: the failed batch is on record, its data is not.</summary>
    public static void WriteFailure(DuckDBConnection warehouse, long batchId, BatchRequest request, DateTimeOffset started, DateTimeOffset finished, string reason) =>
        warehouse.Execute("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of, error)
            VALUES ($batch, $kind, 'failed', $started, $finished, $trigger, $as_of, $error)
            """, CancellationToken.None,
            ("batch", batchId), ("kind", request.Full ? "full" : "incremental"), ("started", started), ("finished", finished),
            ("trigger", request.Trigger), ("as_of", request.AsOf), ("error", reason));

    /// <summary>A map as the text of a LIST of STRUCT(k, v), which DuckDB casts (no nested parameters in the binding).</summary>
    private static string StructList<T>(IReadOnlyDictionary<string, T> values) where T : IFormattable =>
        "[" + string.Join(", ", values.Select(v => $"{{'k': '{v.Key.Replace("'", "''", StringComparison.Ordinal)}', 'v': {v.Value.ToString(null, System.Globalization.CultureInfo.InvariantCulture)}}}")) + "]";
}
