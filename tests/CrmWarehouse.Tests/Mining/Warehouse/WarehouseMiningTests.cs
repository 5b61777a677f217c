using CrmWarehouse.Warehouse.Marts;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Mining.Warehouse;

/// <summary>The mining stage on a loaded warehouse: after the load, the planted truths, idempotent reruns, the SCD2 write-back, failures.</summary>
[NonParallelizable]
public sealed class WarehouseMiningTests
{
    private MinedBank _bank = null!;

    [OneTimeSetUp]
    public async Task Load() => _bank = await MinedBank.Get();

    [Test, Order(1)]
    public void Mining_runs_after_the_load_publishes_as_of_the_latest_business_date()
    {
        Assert.That(_bank.Run, Is.Not.Null, "the mining stage after the load failed");
        using var connection = _bank.Warehouse.Open();
        Assert.That(_bank.Run!.AsOf, Is.EqualTo(PublishedAsOf.Latest(connection)));
        Assert.That(connection.Scalar("SELECT batch_id FROM mart.mining_run WHERE status = 'published' ORDER BY run_id LIMIT 1"), Is.EqualTo(_bank.Batch.BatchId));
        Assert.That(connection.Scalar("SELECT count(*) FROM mart.customer_value WHERE as_of = $1", _bank.Run.AsOf),
            Is.EqualTo(connection.Scalar("SELECT count(DISTINCT customer_id) FROM dw.dim_account WHERE customer_id > 0 AND open_date <= $1 AND customer_id IN (SELECT customer_id FROM dw.dim_customer WHERE is_current)", _bank.Run.AsOf)));
        foreach (var table in MartTables.KeyedByAsOf(connection, CancellationToken.None).Where(t => t is not "rfm_migration"))
        {
            Assert.That(connection.Scalar($"SELECT count(*) FROM mart.{table} WHERE as_of = $1", _bank.Run.AsOf), Is.GreaterThan(0L), table);
        }

        Assert.That(connection.Scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mart' AND table_name LIKE 'work%'"), Is.Zero, "work tables dropped");
    }

    [Test, Order(1)]
    public void Every_planted_truth_is_found()
    {
        using var connection = _bank.Warehouse.Open();
        var checks = PlantedTruths.Check(connection, _bank.Truth, _bank.Run!.AsOf, CancellationToken.None);
        Assert.That(checks, Has.Count.EqualTo(8));
        Assert.Multiple(() =>
        {
            foreach (var check in checks)
            {
                Assert.That(check.Passed, Is.True, $"{check.Truth}: expected {check.Expected}, found {check.Found}");
            }
        });
    }

    [Test, Order(1)]
    public void Churn_model_is_evaluated_on_a_later_cutoff_than_it_learnt_from()
    {
        using var connection = _bank.Warehouse.Open();
        using var reader = connection.CreateCommand();
        reader.CommandText = "SELECT train_cutoff < test_cutoff, test_cutoff < as_of, auc, precision_at_10, base_rate FROM mart.churn_model";
        using var row = reader.ExecuteReader();
        Assert.That(row.Read(), Is.True);
        Assert.That(row.GetBoolean(0) && row.GetBoolean(1), Is.True);
        Assert.That(row.GetDouble(2), Is.GreaterThan(0.6), "AUC better than chance");
        Assert.That(row.GetDouble(3), Is.GreaterThan(row.GetDouble(4)), "the top 10% churn more often than the base rate");
    }

    [Test, Order(2)]
    public void Rerunning_the_same_as_of_replaces_its_rows_and_writes_no_new_versions()
    {
        using var connection = _bank.Warehouse.Open();
        var before = Snapshot(connection);
        var versions = connection.Scalar("SELECT count(*) FROM dw.dim_customer");
        var run = MinedBank.Stage().Run(connection, _bank.Run!.AsOf, "test", null, CancellationToken.None);
        Assert.That(Snapshot(connection), Is.EqualTo(before));
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_customer"), Is.EqualTo(versions));
        Assert.That(run.Headline["write_back.changed"], Is.Zero);
    }

    [Test, Order(3)]
    public void A_changed_score_closes_the_current_version_and_facts_still_resolve()
    {
        using var connection = _bank.Warehouse.Open();
        connection.Exec("CREATE TEMP TABLE changed AS SELECT customer_id, customer_key FROM dw.dim_customer WHERE is_current AND customer_key > 0 AND value_tier IS NOT NULL ORDER BY customer_id LIMIT 5");
        connection.Exec("UPDATE dw.dim_customer SET value_tier = 'stale' WHERE customer_key IN (SELECT customer_key FROM changed)");
        var versions = (long)connection.Scalar("SELECT count(*) FROM dw.dim_customer")!;

        MinedBank.Stage().Run(connection, _bank.Run!.AsOf, "test", null, CancellationToken.None);

        Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_customer"), Is.EqualTo(versions + 5), "one new version each, no other customer touched");
        Assert.That(connection.Scalar("""
            SELECT count(*) FROM dw.dim_customer d JOIN changed c USING (customer_key)
            WHERE NOT d.is_current AND d.value_tier = 'stale' AND d.valid_to = ($1 + INTERVAL 1 DAY)::TIMESTAMPTZ
            """, _bank.Run.AsOf), Is.EqualTo(5L), "the old version is kept, closed at the end of the as-of day");
        Assert.That(connection.Scalar("""
            SELECT count(*) FROM dw.dim_customer d JOIN changed c USING (customer_id)
            JOIN mart.customer_value v ON v.customer_id = d.customer_id AND v.as_of = $1
            WHERE d.is_current AND d.value_tier = v.value_tier AND d.rfm_segment = v.rfm_segment AND d.valid_from = ($1 + INTERVAL 1 DAY)::TIMESTAMPTZ
            """, _bank.Run.AsOf), Is.EqualTo(5L));
        Assert.That(connection.Scalar("SELECT count(*) FROM (SELECT customer_id FROM dw.dim_customer WHERE is_current GROUP BY 1 HAVING count(*) > 1)"), Is.Zero);
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.fact_transaction f LEFT JOIN dw.dim_customer d USING (customer_key) WHERE d.customer_key IS NULL"), Is.Zero);
    }

    [Test, Order(4)]
    public void A_failing_run_is_recorded_and_leaves_the_marts_as_they_were()
    {
        using var connection = _bank.Warehouse.Open();
        var before = Snapshot(connection);
        var ancient = new DateOnly(2000, 1, 31);

        var failure = Assert.Throws<MiningFailedException>(() => MinedBank.Stage().Run(connection, ancient, "test", null, CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("2000-01-31").And.Contain("step prepare").And.Contain("nothing to mine"));
        Assert.That(Snapshot(connection), Is.EqualTo(before));
        Assert.That(connection.Scalar("SELECT count(*) FROM mart.customer_value WHERE as_of = $1", ancient), Is.Zero);
        Assert.That(connection.Scalar("SELECT error FROM mart.mining_run WHERE status = 'failed' AND as_of = $1", ancient) as string, Does.StartWith("step prepare"));
    }

    [Test]
    public void Settings_out_of_range_name_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new MiningOptions { ChurnDefinition = "gone" }.Validated());
        Assert.That(error!.Message, Does.Contain("Mining:ChurnDefinition").And.Contain("gone"));
    }

    /// <summary>
    /// Rows per mart table, the scores that are labels (segments, tiers, bands, ranks) exactly, and the money to the cent:
    /// DuckDB adds floating-point numbers in parallel, so their last bits may differ between two equal runs.
    /// </summary>
    private static string Snapshot(DuckDBConnection connection) =>
        string.Join(" ", MartTables.KeyedByAsOf(connection, CancellationToken.None).Select(t => connection.Scalar($"SELECT count(*) FROM mart.{t}")))
        + " " + connection.Scalar("""
            SELECT sum(hash(customer_id, rfm_segment, value_tier, churn_risk_band, segment_id, pareto_rank, frequency)) || ' ' || round(sum(profit), 2)
            FROM mart.customer_value
            """)
        + " " + connection.Scalar("SELECT count(*) FROM dw.dim_customer");
}
