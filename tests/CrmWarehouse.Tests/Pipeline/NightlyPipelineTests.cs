using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// The whole nightly batch on a small generated bank (embedded sources): every row accounted for, customers matched
/// against the ground truth, a re-run changing nothing, and the next day loading incrementally with history.
/// The nights run in order, so the tests share one warehouse.
/// </summary>
[NonParallelizable]
public sealed class NightlyPipelineTests
{
    private string _sources = null!;
    private TempDatabase _warehouse = null!;
    private EtlOptions _options = null!;
    private BatchResult _night1 = null!;

    [OneTimeSetUp]
    public async Task FirstNight()
    {
        _sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "7", "--out", _sources]), Is.EqualTo(0));
        _warehouse = new TempDatabase();
        _options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_sources) with { WarehouseConnectionString = _warehouse.ConnectionString };
        _night1 = await Batch(full: false);
    }

    [OneTimeTearDown]
    public void Remove()
    {
        _warehouse.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_sources, recursive: true);
    }

    [Test, Order(1)]
    public void Every_source_row_is_loaded_rejected_or_merged()
    {
        Assert.That(_night1.Reconciliation.Values.All(r => r.Balances), Is.True);
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM audit.reconciliation WHERE extracted <> loaded + rejected + merged_duplicates"), Is.EqualTo(0L));
        Assert.That(connection.Scalar("SELECT sum(extracted)::BIGINT FROM audit.reconciliation WHERE batch_id = $1", _night1.BatchId), Is.EqualTo(_night1.Extracts.Sum(e => e.Rows)));
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.fact_transaction WHERE customer_key IS NULL OR product_key IS NULL OR account_key IS NULL"), Is.EqualTo(0L));
    }

    [Test, Order(1)]
    public void Cube_rollups_are_published_with_the_facts()
    {
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'agg' AND estimated_size > 0"), Is.GreaterThan(0L));
        Assert.That(_night1.StageRows["rollup_months"], Is.GreaterThan(12), "two years of history");
    }

    [Test, Order(1)]
    public void Each_kind_of_planted_dirt_leaves_a_reject_with_its_rule()
    {
        using var connection = _warehouse.Open();
        var rules = connection.Scalar("SELECT string_agg(DISTINCT rule, ',' ORDER BY rule) FROM audit.rejects") as string;
        foreach (var rule in new[] { "amount_impossible", "date_in_future", "account_unknown", "channel_unknown", "id_check_digit", "id_15_digit_upgraded", "phone_missing", "birth_date_missing" })
        {
            Assert.That(rules, Does.Contain(rule));
        }

        Assert.That(_night1.Reconciliation[("core", "transactions")].Merged + _night1.Reconciliation[("cards", "card_transactions")].Merged, Is.GreaterThan(0), "repeated rows merged");
    }

    [Test, Order(1)]
    public void Customers_match_the_ground_truth()
    {
        using var connection = _warehouse.Open();
        var quality = BankEvaluation.Score(connection, Path.Combine(_sources, "ground_truth", "source_records.csv"), CancellationToken.None);
        Assert.That(quality.Precision, Is.GreaterThanOrEqualTo(0.98));
        Assert.That(quality.Recall, Is.GreaterThanOrEqualTo(0.95));
    }

    [Test, Order(2)]
    public async Task Running_the_same_night_again_changes_nothing()
    {
        var before = Snapshot();
        await Batch(full: true);
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test, Order(3)]
    public async Task The_next_day_loads_incrementally_with_history_and_stable_golden_ids()
    {
        using (var connection = _warehouse.Open())
        {
            connection.Exec("CREATE TABLE golden_before AS SELECT * FROM match.golden_ids");
        }

        Assert.That(await CrmwCli.RunAsync(["generate", "--advance", "1d", "--out", _sources]), Is.EqualTo(0));
        var night2 = await Batch(full: false);

        Assert.That(night2.Extracts.Sum(e => e.Rows), Is.LessThan(_night1.Extracts.Sum(e => e.Rows) / 2), "only what changed is read");
        using var check = _warehouse.Open();
        Assert.That(check.Scalar("SELECT count(*) FROM golden_before b JOIN match.golden_ids g USING (record_id) WHERE b.golden_id <> g.golden_id"), Is.EqualTo(0L), "golden ids stable");
        Assert.That(check.Scalar("SELECT count(*) FROM dw.dim_customer WHERE NOT is_current AND customer_key > 0"), Is.GreaterThan(0L), "changed tiers, phones, addresses made new versions");
        Assert.That(check.Scalar("SELECT count(*) FROM (SELECT customer_id FROM dw.dim_customer WHERE is_current GROUP BY 1 HAVING count(*) > 1)"), Is.EqualTo(0L), "one current version per customer");

        var day = (await GeneratorState.LoadAsync(_sources, CancellationToken.None)).CurrentDay;
        var dayKey = day.Year * 10000 + day.Month * 100 + day.Day;
        Assert.That(check.Scalar($"SELECT count(*) FROM dw.fact_transaction WHERE date_key = {dayKey}"), Is.GreaterThan(0L),
            "the new day's transactions load, even though the sources hold future-dated rows");
        Assert.That(night2.StageRows["rollup_months"], Is.LessThanOrEqualTo(2), "unchanged re-sent rows (legacy deposits, campaign responses) touch no month");
        Assert.That(check.Scalar($"SELECT count(*) FROM dw.fact_interaction WHERE batch_id = {night2.BatchId} AND date_key < {dayKey - 100}"), Is.EqualTo(0L),
            "re-sent interactions that did not change are not rewritten");
    }

    private async Task<BatchResult> Batch(bool full)
    {
        var state = await GeneratorState.LoadAsync(_sources, CancellationToken.None);
        return await new BatchRunner(_options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(full, "test", state.CurrentDay), null, CancellationToken.None);
    }

    private string Snapshot()
    {
        using var connection = _warehouse.Open();
        return (string)connection.Scalar("""
            SELECT concat_ws(' ',
              (SELECT count(*) FROM dw.dim_customer), (SELECT count(*) FROM dw.dim_account), (SELECT count(*) FROM dw.fact_transaction),
              (SELECT sum(amount) FROM dw.fact_transaction), (SELECT count(*) FROM dw.fact_balance_month), (SELECT count(*) FROM dw.fact_account_event),
              (SELECT count(*) FROM dw.fact_interaction), (SELECT count(*) FROM match.golden_ids), (SELECT count(DISTINCT golden_id) FROM match.golden_ids))
            """)!;
    }
}
