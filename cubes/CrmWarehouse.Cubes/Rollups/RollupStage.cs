using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Warehouse.Batch;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Rollups;

/// <summary>
/// The last stage of the publish transaction: re-aggregates the cube rollups (schema agg) for the months tonight's
/// batch wrote facts into, so the rollups publish together with the facts they summarise.
/// </summary>
public sealed class RollupStage(CubeCatalog catalog) : IPublishStep
{
    public string Name => "rollups";

    public IReadOnlyDictionary<string, long> Run(PublishedBatch batch, CancellationToken cancellationToken)
    {
        var months = TouchedMonths(batch.Warehouse, batch.BatchId);
        new RollupRefresher(catalog).Refresh(batch.Warehouse, months, cancellationToken, batch.Transaction);
        return new Dictionary<string, long> { ["rollup_months"] = months.Count };
    }

    /// <summary>The months (yyyymm) of every fact row this batch wrote or removed (a row deleted in its source).</summary>
    private static List<int> TouchedMonths(DuckDBConnection warehouse, long batchId)
    {
        using var command = warehouse.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT date_key // 100 FROM (
                SELECT date_key FROM dw.fact_transaction WHERE batch_id = $batch
                UNION ALL SELECT date_key FROM dw.fact_account_event WHERE batch_id = $batch
                UNION ALL SELECT date_key FROM dw.fact_interaction WHERE batch_id = $batch
                UNION ALL SELECT month_key FROM dw.fact_balance_month WHERE batch_id = $batch
                UNION ALL SELECT date_key FROM audit.hard_delete WHERE batch_id = $batch AND date_key IS NOT NULL)
            WHERE date_key > 0
            ORDER BY 1
            """;
        command.Parameters.Add("batch", batchId);
        using var reader = command.ExecuteReader();
        var months = new List<int>();
        while (reader.Read())
        {
            months.Add(reader.GetInt32(0));
        }

        return months;
    }
}
