using CrmWarehouse.Cubes.Query;
using static CrmWarehouse.Tests.Cubes.SubjectAreaTests;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// <c>MEASURE:MODIFIER</c> against SQL written by hand on the facts (months as yyyymm integers, not dates), and relative
/// filters counted from the published as-of date (2026-03-15 in the seed).
/// </summary>
public sealed class TimeIntelligenceTests
{
    // The churn cube's openings per month, and each modifier of it, written by hand.
    private const string Series = """
        WITH s AS (SELECT date_key // 100 AS m, sum(CASE WHEN event_type = 'opened' THEN 1 ELSE 0 END) AS o,
                          sum(CASE WHEN event_type = 'closed' THEN 1 ELSE 0 END) AS c
                   FROM dw.fact_account_event GROUP BY 1),
        i AS (SELECT *, (m // 100) * 12 + m % 100 - 1 AS n FROM s)
        """;

    private static readonly Dictionary<string, string> HandWritten = new()
    {
        ["prior"] = "(SELECT x.o FROM i x WHERE x.n = i.n - 1)",
        ["ly"] = "(SELECT x.o FROM i x WHERE x.m = i.m - 100)",
        ["ytd"] = "(SELECT sum(x.o) FROM i x WHERE x.m // 100 = i.m // 100 AND x.m <= i.m)",
        ["qtd"] = "(SELECT sum(x.o) FROM i x WHERE x.m // 100 = i.m // 100 AND (x.m % 100 - 1) // 3 = (i.m % 100 - 1) // 3 AND x.m <= i.m)",
        ["mtd"] = "o",
        ["rolling3"] = "(SELECT sum(x.o) FROM i x WHERE x.n BETWEEN i.n - 2 AND i.n)",
        ["rolling12"] = "(SELECT sum(x.o) FROM i x WHERE x.n BETWEEN i.n - 11 AND i.n)",
        ["growth"] = "(o - (SELECT x.o FROM i x WHERE x.n = i.n - 1)) / (SELECT x.o FROM i x WHERE x.n = i.n - 1)::DOUBLE",
        ["growth_ly"] = "(o - (SELECT x.o FROM i x WHERE x.m = i.m - 100)) / (SELECT x.o FROM i x WHERE x.m = i.m - 100)::DOUBLE",
    };

    public static IEnumerable<string> Modifiers => HandWritten.Keys;

    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public void CreateWarehouse() => _warehouse = new CubeWarehouse();

    [OneTimeTearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    [TestCaseSource(nameof(Modifiers))]
    public void Modifier_by_month_equals_hand_written_sql(string modifier)
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery { Measures = ["opened", $"opened:{modifier}"], By = ["date.month"] }));
        Assert.That(rows, Has.Count.EqualTo(15), "2025-01 to 2026-03");
        AssertClose(rows, _warehouse.Rows($"{Series} SELECT m, o, {HandWritten[modifier]} FROM i ORDER BY m"));
    }

    [Test]
    public void Year_to_date_starts_again_each_january()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery { Measures = ["opened", "opened:ytd"], By = ["date.month"] }))
            .Select(r => r.Split('|')).ToDictionary(r => r[0]);
        Assert.That(rows["202601"][2], Is.EqualTo(rows["202601"][1]));
        Assert.That(long.Parse(rows["202512"][2], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(rows["202601"][2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Last_year_reads_periods_the_filter_leaves_out()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery
        {
            Measures = ["opened", "opened:ly", "opened:ytd"], By = ["date.month"], Where = [new CubeFilter { Level = "date.year", Value = Json(2026) }],
        }));
        AssertClose(rows, _warehouse.Rows($"{Series} SELECT m, o, {HandWritten["ly"]}, {HandWritten["ytd"]} FROM i WHERE m // 100 = 2026 ORDER BY m"));
    }

    [Test]
    public void Prior_quarter_of_the_first_quarter_is_the_last_of_the_year_before()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery { Measures = ["opened", "opened:prior", "opened:rolling12"], By = ["date.quarter"] }));
        AssertClose(rows, _warehouse.Rows("""
            WITH s AS (SELECT (date_key // 10000) * 10 + (date_key // 100 % 100 + 2) // 3 AS q, sum(CASE WHEN event_type = 'opened' THEN 1 ELSE 0 END) AS o
                       FROM dw.fact_account_event GROUP BY 1),
            i AS (SELECT *, (q // 10) * 4 + q % 10 - 1 AS n FROM s)
            SELECT q, o, (SELECT x.o FROM i x WHERE x.n = i.n - 1), (SELECT sum(x.o) FROM i x WHERE x.n BETWEEN i.n - 3 AND i.n) FROM i ORDER BY q
            """));
        Assert.That(rows.Single(r => r.StartsWith("20261|", StringComparison.Ordinal)).Split('|')[2], Is.EqualTo(rows.Single(r => r.StartsWith("20254|", StringComparison.Ordinal)).Split('|')[1]));
    }

    [Test]
    public void A_ratio_over_a_window_divides_the_windows_of_its_parts()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery { Measures = ["loss_to_acquisition:ytd"], By = ["date.month"] }));
        AssertClose(rows, _warehouse.Rows($"""
            {Series} SELECT m, (SELECT sum(x.c) FROM i x WHERE x.m // 100 = i.m // 100 AND x.m <= i.m)::DOUBLE / (SELECT sum(x.o) FROM i x WHERE x.m // 100 = i.m // 100 AND x.m <= i.m)
            FROM i ORDER BY m
            """));
    }

    [Test]
    public void Modifiers_keep_the_other_levels_apart()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("churn", new CubeQuery { Measures = ["opened", "opened:prior"], By = ["product.category", "date.month"], UseRollups = false }));
        AssertClose(rows, _warehouse.Rows("""
            WITH s AS (SELECT p.category AS k, date_key // 100 AS m, sum(CASE WHEN event_type = 'opened' THEN 1 ELSE 0 END) AS o
                       FROM dw.fact_account_event f JOIN dw.dim_product p USING (product_key) GROUP BY 1, 2),
            i AS (SELECT *, (m // 100) * 12 + m % 100 - 1 AS n FROM s)
            SELECT k, m, o, (SELECT x.o FROM i x WHERE x.k = i.k AND x.n = i.n - 1) FROM i
            ORDER BY list_position(['deposit', 'loan', 'card'], k), m
            """));
    }

    [Test]
    public void A_balance_over_a_window_is_its_last_month_end()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("balances", new CubeQuery { Measures = ["balance", "balance:ytd", "balance:rolling3"], By = ["date.month"] }));
        Assert.That(rows.Select(r => r.Split('|')).All(r => r[1] == r[2] && r[1] == r[3]), string.Join("\n", rows));
    }

    [TestCase("this", "year", 202601, 202603)]
    [TestCase("this", "quarter", 202601, 202603)]
    [TestCase("previous", "quarter", 202510, 202512)]
    [TestCase("previous", "year", 202501, 202512)]
    [TestCase("last", "months", 202504, 202603)]
    public void Relative_filters_count_from_the_published_as_of_date(string op, string unit, int first, int last)
    {
        var filter = new CubeFilter { Op = op, Unit = unit, Count = op == "last" ? 12 : null };
        var rows = _warehouse.Rows(_warehouse.Compile("transactions", new CubeQuery { Measures = ["transactions"], Where = [filter] }));
        Assert.That(rows, Is.EqualTo(_warehouse.Rows($"SELECT count(*) FROM dw.fact_transaction WHERE date_key // 100 BETWEEN {first} AND {last}")));
    }

    [TestCase("opened:ytd", null, "add a date level")]
    [TestCase("opened:mtd", "date.quarter", "finer than quarter")]
    [TestCase("customers_lost:ytd", "date.month", "cannot be added up over a window")]
    [TestCase("opened:rolling4", "date.quarter", "not a whole number of quarters")]
    [TestCase("opened:yoy", "date.month", "Unknown time modifier ':yoy'")]
    public void Modifiers_that_cannot_be_answered_are_refused_naming_why(string measure, string? level, string message)
    {
        var error = Assert.Throws<CubeQueryException>(() => _warehouse.Compile("churn", new CubeQuery { Measures = [measure], By = level is null ? [] : [level] }))!;
        Assert.That(error.Message, Does.Contain(message));
    }
}
