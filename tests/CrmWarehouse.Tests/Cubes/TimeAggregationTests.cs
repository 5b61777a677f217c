using CrmWarehouse.Cubes.Query;
using static CrmWarehouse.Tests.Cubes.SubjectAreaTests;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// Balances and counts of things held are not added up over time: a year's balance is its last month-end's, from the
/// facts and from the rollups alike, in detail rows, subtotals and the grand total.
/// </summary>
public sealed class TimeAggregationTests
{
    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public void CreateWarehouse()
    {
        _warehouse = CubeWarehouse.WithRollups();
    }

    [OneTimeTearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    [TestCase(true)]
    [TestCase(false)]
    public void Balance_and_accounts_of_a_year_are_those_of_its_last_month_end(bool rollups)
    {
        var compiled = _warehouse.Compile("balances", new CubeQuery { Measures = ["balance", "accounts"], By = ["date.year"], UseRollups = rollups });
        Assert.That(compiled.Rollup is not null, Is.EqualTo(rollups), compiled.Sql);
        var rows = _warehouse.Rows(compiled);
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT month_key // 10000, sum(balance), count(*) FROM dw.fact_balance_month
            WHERE month_key IN (20251231, 20260331) GROUP BY 1 ORDER BY 1
            """)));
        var added = _warehouse.Rows("SELECT sum(balance) FROM dw.fact_balance_month WHERE month_key // 10000 = 2025").Single();
        Assert.That(rows[0], Does.Not.Contain("|" + added + "|"), "twelve month-ends added up");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Subtotals_and_grand_total_take_the_last_month_end_of_what_they_add_up(bool rollups)
    {
        var rows = _warehouse.Rows(_warehouse.Compile("balances", new CubeQuery
        {
            Measures = ["balance", "accounts", "interest"], By = ["date.year", "product.category"], Totals = CubeTotals.Subtotals, UseRollups = rollups,
        }));

        // Per category its own last month-end in the year (last non-empty); per year and overall, the last month-end of all.
        AssertClose(rows, _warehouse.Rows("""
            WITH m AS (
                SELECT month_key // 10000 AS y, p.category, month_key, sum(balance) AS balance, count(*) AS accounts, sum(interest) AS interest
                FROM dw.fact_balance_month f JOIN dw.dim_product p USING (product_key) GROUP BY ALL),
            cells AS (
                SELECT y, category, 0 AS g, arg_max(balance, month_key) AS balance, arg_max(accounts, month_key) AS accounts, sum(interest) AS interest FROM m GROUP BY y, category
                UNION ALL
                SELECT y, NULL, 1, arg_max(balance, month_key), arg_max(accounts, month_key), sum(interest)
                FROM (SELECT y, month_key, sum(balance) AS balance, sum(accounts) AS accounts, sum(interest) AS interest FROM m GROUP BY y, month_key) GROUP BY y
                UNION ALL
                SELECT NULL, NULL, 3, arg_max(balance, month_key), arg_max(accounts, month_key), sum(interest)
                FROM (SELECT month_key, sum(balance) AS balance, sum(accounts) AS accounts, sum(interest) AS interest FROM m GROUP BY month_key))
            SELECT y, category, g, balance, accounts, interest FROM cells
            ORDER BY y IS NULL, y, g, list_position(['deposit', 'loan', 'card'], category)
            """));
    }

    [Test]
    public void Monthly_rows_need_no_second_aggregation_and_agree_with_the_plain_sum()
    {
        var compiled = _warehouse.Compile("balances", new CubeQuery { Measures = ["balance"], By = ["date.month"], UseRollups = false });
        Assert.That(compiled.Sql, Does.Not.Contain("arg_max"));
        Assert.That(_warehouse.Rows(compiled), Is.EqualTo(_warehouse.Rows("SELECT month_key // 100, sum(balance) FROM dw.fact_balance_month GROUP BY 1 ORDER BY 1")));
    }

    [Test]
    public void Average_daily_balance_of_a_year_is_the_average_of_its_months()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("balances", new CubeQuery { Measures = ["average_daily_balance"], By = ["date.year"], Where = [new CubeFilter { Level = "date.year", Value = Json(2025) }] }));
        AssertClose(rows, _warehouse.Rows("SELECT 2025, avg(s) FROM (SELECT sum(avg_daily_balance) AS s FROM dw.fact_balance_month WHERE month_key // 10000 = 2025 GROUP BY month_key)"));
    }

    [Test]
    public void Flows_still_add_up_over_the_months()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("balances", new CubeQuery { Measures = ["interest"], By = ["date.year"] }));
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("SELECT month_key // 10000, sum(interest) FROM dw.fact_balance_month GROUP BY 1 ORDER BY 1")));
    }
}
