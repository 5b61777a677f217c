using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Rows deleted in a source (issue #15), which a watermark read never sees. <see cref="Detect"/> runs before matching:
/// every staged key joins the keys the warehouse has been given (<c>audit.source_key</c>); for each table whose complete
/// key set this batch knows (read whole, or its keys scanned: see <see cref="Extract.KeyCheck"/>) the known keys the
/// source no longer has become events in <c>audit.hard_delete</c>, deleted customer records leave the records matching
/// runs over, and deleted accounts are flagged in <c>dw.dim_account</c> before tonight's balances and transactions load.
/// <see cref="Reflect"/> runs after the loads: deleted transactions, month-end balances and interactions leave their
/// facts, golden customers left without records are closed (SCD2). Deletes of other tables are recorded only.
/// The same key scan shows the opposite gap too: keys the source holds that no watermark read ever gave the warehouse
/// (stage row <c>unread_keys</c>, and a warning naming the table).
/// </summary>
internal static class HardDeleteStages
{
    public static IBatchStage Detect() => new DetectStage();

    public static IBatchStage Reflect() => new SqlStage("hard_deletes.reflect", "hard_deletes_reflect");

    private sealed class DetectStage : IBatchStage
    {
        public string Name => "hard_deletes.detect";

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            var warehouse = context.Warehouse;
            long unread = 0;
            foreach (var extract in context.Extracts)
            {
                (string, object?)[] parameters = [("batch", context.BatchId), ("as_of", context.AsOf), ("source", extract.Source), ("table", extract.Table)];
                warehouse.Execute($"CREATE OR REPLACE TEMP VIEW staged_keys AS SELECT source_key FROM {extract.StagingTable}", cancellationToken);
                if (extract.CompleteKeys == extract.StagingTable && !Known(warehouse, parameters, cancellationToken))
                {
                    // Read whole, and the warehouse knows none of its keys yet (its first load): every staged key is new and
                    // none can have been deleted, so the anti-joins (over 47.7 M transaction keys at scale 10, where this
                    // stage took 95 s of a 608 s first full load) would find nothing.
                    warehouse.Execute("INSERT INTO audit.source_key SELECT DISTINCT $source, $table, source_key FROM staged_keys", cancellationToken, parameters[2..]);
                    continue;
                }

                Scripts.Read("source_keys_learn").Run(warehouse, parameters, cancellationToken);
                if (extract.CompleteKeys is { } complete)
                {
                    warehouse.Execute($"CREATE OR REPLACE TEMP VIEW complete_keys AS SELECT source_key FROM {complete}", cancellationToken);
                    Scripts.Read("hard_deletes_detect").Run(warehouse, parameters, cancellationToken);
                    if (complete != extract.StagingTable)
                    {
                        unread += Unread(context, extract, parameters, cancellationToken);
                    }
                }
            }

            Scripts.Read("hard_deletes_customers").Run(warehouse, [("batch", context.BatchId)], cancellationToken);
            var deleted = warehouse.Count("SELECT count(*) FROM audit.hard_delete WHERE batch_id = $batch", cancellationToken, ("batch", context.BatchId));
            if (deleted > 0)
            {
                // Only on a night with deletes: it looks through the known keys of the account tables.
                Scripts.Read("hard_deletes_accounts").Run(warehouse, [("batch", context.BatchId), ("as_of", context.AsOf)], cancellationToken);
            }

            context.StageRows["hard_deletes"] = deleted;
            context.StageRows["unread_keys"] = unread;
        }

        /// <summary>Whether the warehouse knows any key of this source table.</summary>
        private static bool Known(DuckDBConnection warehouse, (string, object?)[] parameters, CancellationToken cancellationToken) =>
            warehouse.Count("SELECT count(*) FROM (SELECT 1 FROM audit.source_key WHERE source = $source AND table_name = $table LIMIT 1)", cancellationToken, parameters[2..]) > 0;

        /// <summary>
        /// Keys an incremental table's source holds that no batch was ever given: rows stamped earlier than the
        /// watermark already read (a source clock behind, a long transaction committed late, a restore), which
        /// watermark reads never see. They are not loaded by this batch; the warning says so, and a full load reads them.
        /// (A warehouse loaded before its keys were kept, migration 0016, counts the keys it has not read again yet.)
        /// </summary>
        private static long Unread(BatchContext context, TableExtract extract, (string, object?)[] parameters, CancellationToken cancellationToken)
        {
            var unread = context.Warehouse.Count(
                "SELECT count(*) FROM complete_keys c ANTI JOIN (SELECT source_key FROM audit.source_key WHERE source = $source AND table_name = $table) k USING (source_key)",
                cancellationToken, parameters[2..]);
            if (unread > 0)
            {
                context.Logger.LogWarning(
                    "Source {Source} table {Table}: {Rows} rows at the source were not read by any batch (stamped before the watermark {Watermark}, or written during this read); crmw load --full reads them",
                    extract.Source, extract.Table, unread, extract.Watermark);
            }

            return unread;
        }
    }
}
