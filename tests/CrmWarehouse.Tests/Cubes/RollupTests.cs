using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Tests.DuckDb;
using static CrmWarehouse.Tests.Cubes.SubjectAreaTests;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>Rollups: routing to the smallest that can answer, fallback to the facts, identical answers, month refresh.</summary>
public sealed class RollupTests
{
    private static readonly Dictionary<string, (string Cube, CubeQuery Query)> RoutableQueries = new()
    {
        ["customer profile by age band and education with subtotals"] = ("customer_profile", new CubeQuery { Measures = ["customers", "share_of_customers"], By = ["customer.age_band", "customer.education"], Totals = CubeTotals.Subtotals }),
        ["transactions by quarter and category with subtotals"] = ("transactions", new CubeQuery { Measures = ["amount", "transactions", "average_amount", "fee_rate", "share_of_amount"], By = ["date.quarter", "product.category"], Totals = CubeTotals.Subtotals }),
        ["transaction net fee income by region and segment over the last 6 months"] = ("transactions", new CubeQuery { Measures = ["net_fee_income", "servicing_cost"], By = ["branch.region", "customer.segment"], Where = [new CubeFilter { Op = "last", Count = 6, Unit = "months" }] }),
        ["balances by month and province with grand total"] = ("balances", new CubeQuery { Measures = ["balance", "net_interest_margin", "average_balance"], By = ["date.month", "branch.province"], Totals = CubeTotals.Grand }),
        ["churn by month and reason in 2025"] = ("churn", new CubeQuery { Measures = ["opened", "closed", "net_change", "loss_to_acquisition"], By = ["date.month", "reason.category"], Where = [new CubeFilter { Level = "date.year", Value = Json(2025) }] }),
        ["interactions by channel type and segment with subtotals"] = ("interactions", new CubeQuery { Measures = ["complaints", "response_rate", "satisfaction"], By = ["channel.type", "customer.segment"], Totals = CubeTotals.Subtotals }),
    };

    public static IEnumerable<string> RoutableQueryNames => RoutableQueries.Keys;

    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public void CreateWarehouse()
    {
        _warehouse = CubeWarehouse.WithRollups();
    }

    [OneTimeTearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    [TestCaseSource(nameof(RoutableQueryNames))]
    public void Same_query_gives_identical_rows_from_rollup_and_from_facts(string name)
    {
        var (cube, query) = RoutableQueries[name];
        var routed = _warehouse.Compile(cube, query);
        var facts = _warehouse.Compile(cube, query with { UseRollups = false });
        Assert.That(routed.Rollup, Is.Not.Null, routed.Sql);
        Assert.That(facts.Rollup, Is.Null);
        var rows = _warehouse.Rows(routed);
        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows, Is.EqualTo(_warehouse.Rows(facts)), routed.Sql);
    }

    [Test]
    public void Routes_to_the_smallest_rollup_that_holds_every_level()
    {
        var coarse = _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], By = ["channel.type"] });
        var fine = _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], By = ["channel.channel"] });
        Assert.That(coarse.Rollup, Is.EqualTo("month_category_channel_type"));
        Assert.That(fine.Rollup, Is.EqualTo("month_product_channel_branch_segment"));
        Assert.That(coarse.Sql, Does.Contain("agg.transactions__month_category_channel_type"));
    }

    [Test]
    public void On_big_facts_a_rollup_not_at_least_half_their_size_is_passed_over_for_the_facts()
    {
        var cube = _warehouse.Catalog.Get("churn");
        var query = new CubeQuery { Measures = ["opened", "closed"], By = ["date.year"] };
        var rollup = cube.Rollups.Single().Table(cube);
        string? Route(long factRows, long rollupRows) =>
            _warehouse.Compiler.Compile(cube, query, new MaterialisedRollups(new Dictionary<string, long> { [cube.Fact] = factRows, [rollup] = rollupRows }), asOf: () => null).Rollup;

        Assert.Multiple(() =>
        {
            Assert.That(Route(288_000, 174_000), Is.Null, "barely smaller than big facts: the facts are faster");
            Assert.That(Route(288_000, 20_000), Is.Not.Null, "much smaller: the rollup");
            Assert.That(Route(5_000, 4_000), Is.Not.Null, "small facts: the rollup, as declared");
        });
    }

    [Test]
    public void Rollups_store_sums_in_64_bits_and_rebuild_those_made_with_128_bit_sums()
    {
        using var warehouse = new CubeWarehouse();
        var refresher = new RollupRefresher(warehouse.Catalog);
        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        const string Wide = "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'agg' AND (data_type = 'HUGEINT' OR data_type LIKE 'DECIMAL(38,%')";
        Assert.That(warehouse.Connection.Scalar(Wide), Is.EqualTo(0L));

        // A rollup as an earlier version made it: sums as DuckDB returns them (HUGEINT, DECIMAL(38,2)).
        var cube = warehouse.Catalog.Get("transactions");
        var rollup = cube.Rollups.First();
        warehouse.Connection.Exec($"CREATE OR REPLACE TABLE {rollup.Table(cube)} AS {RollupColumns.Select(cube, rollup, null)}");
        Assert.That(warehouse.Connection.Scalar(Wide), Is.GreaterThan(0L));
        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        Assert.That(warehouse.Connection.Scalar(Wide), Is.EqualTo(0L));
        var routed = warehouse.Compile("transactions", new CubeQuery { Measures = ["amount", "transactions"], By = ["product.category"] });
        Assert.That(warehouse.Rows(routed), Is.EqualTo(warehouse.Rows(warehouse.Compile("transactions", new CubeQuery { Measures = ["amount", "transactions"], By = ["product.category"], UseRollups = false }))));
    }

    [Test]
    public void Falls_back_to_the_facts_for_distinct_counts_and_levels_no_rollup_holds()
    {
        var distinct = _warehouse.Compile("transactions", new CubeQuery { Measures = ["customers"], By = ["channel.type"] });
        var tier = _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], By = ["customer.tier"] });
        var filtered = _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Level = "customer_now.tier", Value = Json("金卡") }] });
        Assert.That(new[] { distinct.Rollup, tier.Rollup, filtered.Rollup }, Is.All.Null);
        Assert.That(distinct.Sql, Does.Contain("dw.fact_transaction"));
    }

    [Test]
    public void A_cancelled_refresh_stops_and_leaves_the_rollups_as_they_were()
    {
        using var warehouse = new CubeWarehouse();
        var refresher = new RollupRefresher(warehouse.Catalog);
        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        var query = new CubeQuery { Measures = ["amount", "transactions"], By = ["date.month"] };
        var before = warehouse.Rows(warehouse.Compile("transactions", query));
        warehouse.Connection.Exec("""
            INSERT INTO dw.fact_transaction
            SELECT 'late:' || i, 20260305, 3, 2, 1, 2, 1, 100, NULL, 1000.00, 1.00, 'out', 'transfer', 2 FROM range(5) r(i)
            """);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => refresher.Refresh(warehouse.Connection, [202603], cancelled.Token));
        Assert.That(warehouse.Rows(warehouse.Compile("transactions", query)), Is.EqualTo(before), "the rollups are as they were, not half refreshed");
    }

    [Test]
    public void Refresh_of_the_touched_month_brings_the_rollup_back_in_step_with_the_facts()
    {
        using var warehouse = new CubeWarehouse();
        var refresher = new RollupRefresher(warehouse.Catalog);
        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        var query = new CubeQuery { Measures = ["amount", "transactions"], By = ["date.month"] };
        warehouse.Connection.Exec("""
            INSERT INTO dw.fact_transaction
            SELECT 'late:' || i, 20260305, 3, 2, 1, 2, 1, 100, NULL, 1000.00, 1.00, 'out', 'transfer', 2 FROM range(5) r(i)
            """);
        Assert.That(warehouse.Rows(warehouse.Compile("transactions", query)), Is.Not.EqualTo(warehouse.Rows(warehouse.Compile("transactions", query with { UseRollups = false }))),
            "the rollup is stale before its refresh");

        refresher.Refresh(warehouse.Connection, [202603], CancellationToken.None);
        var routed = warehouse.Compile("transactions", query);
        Assert.That(routed.Rollup, Is.Not.Null);
        Assert.That(warehouse.Rows(routed), Is.EqualTo(warehouse.Rows(warehouse.Compile("transactions", query with { UseRollups = false }))));
    }

    [Test]
    public void Refresh_rebuilds_a_rollup_made_from_another_definition_of_its_cube()
    {
        using var warehouse = new CubeWarehouse();
        var refresher = new RollupRefresher(warehouse.Catalog);
        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        var cube = warehouse.Catalog.Get("churn");
        var table = cube.Rollups.Single().Table(cube);

        // As a rollup made before reason.category was redefined: other keys, another fingerprint.
        warehouse.Connection.Exec($"UPDATE {table} SET \"reason.category\" = 'none' WHERE \"reason.category\" = 'not_closed'; COMMENT ON TABLE {table} IS 'an older definition'");
        var query = new CubeQuery { Measures = ["opened"], By = ["reason.category"] };
        Assert.That(warehouse.Rows(warehouse.Compile("churn", query)), Has.Some.StartsWith("none|"), "stale before the refresh");

        refresher.Refresh(warehouse.Connection, [], CancellationToken.None);
        var routed = warehouse.Compile("churn", query);
        Assert.That(routed.Rollup, Is.Not.Null);
        Assert.That(warehouse.Rows(routed), Is.EqualTo(warehouse.Rows(warehouse.Compile("churn", query with { UseRollups = false }))));
    }

    [Test]
    public void Rollups_built_in_runs_of_a_few_fact_rows_equal_those_built_in_one_statement()
    {
        using var whole = CubeWarehouse.WithRollups();
        using var inRuns = new CubeWarehouse();
        new RollupRefresher(inRuns.Catalog, factRowsPerStatement: 3).Rebuild(inRuns.Connection, CancellationToken.None);
        inRuns.Connection.Exec($"ATTACH '{whole.DatabasePath}' AS whole (READ_ONLY)");
        var tables = whole.Catalog.Cubes.SelectMany(c => c.Rollups.Select(r => r.Table(c))).ToList();
        Assert.That(tables, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var table in tables)
            {
                var differing = inRuns.Connection.Scalar($"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM whole.{table}) UNION ALL (SELECT * FROM whole.{table} EXCEPT ALL SELECT * FROM {table}))");
                Assert.That(differing, Is.EqualTo(0L), table);
                Assert.That(inRuns.Connection.Scalar($"SELECT count(*) FROM {table}"), Is.GreaterThan(0L), table);
            }
        });
    }

    [Test]
    public void Refresh_inside_the_load_transaction_rolls_back_with_it()
    {
        using var warehouse = new CubeWarehouse();
        var refresher = new RollupRefresher(warehouse.Catalog);
        refresher.Rebuild(warehouse.Connection, CancellationToken.None);
        const string rollupTotal = "SELECT sum(transactions__count)::BIGINT FROM agg.transactions__month_category_channel_type";
        var before = warehouse.Connection.Scalar(rollupTotal);
        using (var load = warehouse.Connection.BeginTransaction())
        {
            warehouse.Connection.Exec("INSERT INTO dw.fact_transaction SELECT 'x:' || i, 20260301, 3, 2, 1, 2, 1, 100, NULL, 1.00, 0.00, 'in', 'transfer', 2 FROM range(3) r(i)");
            refresher.Refresh(warehouse.Connection, [202603], CancellationToken.None, load);
            Assert.That(warehouse.Connection.Scalar(rollupTotal), Is.EqualTo(1203L), "refreshed inside the load");
            load.Rollback();
        }

        Assert.That(warehouse.Connection.Scalar(rollupTotal), Is.EqualTo(before));
    }

    [Test]
    public void Subtotals_and_grand_total_add_up_to_the_detail_rows()
    {
        var compiled = _warehouse.Compile("churn", new CubeQuery { Measures = ["opened"], By = ["date.year", "product.category"], Totals = CubeTotals.Subtotals });
        Assert.That(compiled.Sql, Does.Contain("GROUPING SETS"));
        var rows = _warehouse.Rows(compiled).Select(r => r.Split('|')).ToList();
        long Sum(Func<string[], bool> which) => rows.Where(which).Sum(r => long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture));
        var detail = Sum(r => r[2] == "0");
        Assert.That(Sum(r => r[2] == "1"), Is.EqualTo(detail), "year subtotals");
        Assert.That(rows.Single(r => r[2] == "3")[3], Is.EqualTo(detail.ToString(System.Globalization.CultureInfo.InvariantCulture)), "grand total");
        Assert.That(detail, Is.EqualTo(_warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_account_event WHERE event_type = 'opened'")));
    }
}
