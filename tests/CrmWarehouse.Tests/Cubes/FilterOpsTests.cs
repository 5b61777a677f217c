using System.Text.Json;
using CrmWarehouse.Cubes.Query;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// The filters beside eq, in and range (ne, lt…ge, like, not_in, and/or/not), which cube SQL's WHERE clauses become,
/// from the facts and from a rollup, against SQL written by hand.
/// </summary>
public sealed class FilterOpsTests
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
    public void Ne_like_or_not_and_comparisons_filter_as_sql_does(bool rollups)
    {
        var query = new CubeQuery
        {
            Measures = ["amount", "transactions"],
            By = ["channel.type"],
            Where =
            [
                Filter("channel.type", "ne", "atm"),
                new CubeFilter
                {
                    Op = "or",
                    Filters = [Filter("product.category", "like", "dep%"), new CubeFilter { Op = "not", Filters = [Filter("date.year", "lt", 2026)] }],
                },
                Filter("date.month", "le", 202604),
                new CubeFilter { Level = "product.category", Op = "not_in", Values = [Json("loan")] },
            ],
            UseRollups = rollups,
        };
        var compiled = _warehouse.Compile("transactions", query);
        Assert.That(compiled.Rollup, rollups ? Is.Not.Null : Is.Null);
        var rows = _warehouse.Rows(compiled);
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT ch.type, sum(f.amount), count(*)
            FROM dw.fact_transaction f JOIN dw.dim_channel ch USING (channel_key) JOIN dw.dim_product p USING (product_key)
            WHERE ch.type <> 'atm' AND (p.category LIKE 'dep%' OR NOT (f.date_key // 10000 < 2026)) AND f.date_key // 100 <= 202604
              AND p.category NOT IN ('loan')
            GROUP BY 1 ORDER BY 1
            """)));
        Assert.That(rows, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_like_pattern_matches_an_integer_key_as_its_digits()
    {
        var compiled = _warehouse.Compile("transactions", new CubeQuery { Measures = ["transactions"], By = ["date.month"], Where = [Filter("date.month", "like", "2026%")] });
        Assert.That(_warehouse.Rows(compiled).Select(r => r.Split('|')[0]), Is.All.StartsWith("2026").And.Not.Empty);
    }

    [Test]
    public void A_date_level_inside_or_is_refused_with_time_modifiers_which_read_the_periods_it_leaves_out()
    {
        var query = new CubeQuery
        {
            Measures = ["amount:ly"],
            By = ["date.month"],
            Where = [new CubeFilter { Op = "or", Filters = [Filter("date.year", "eq", 2026), Filter("channel.type", "eq", "atm")] }],
        };
        var error = Assert.Throws<CubeQueryException>(() => _warehouse.Compile("transactions", query))!;
        Assert.That(error.Message, Does.Contain("'date.year'").And.Contain("not inside and/or/not"));
    }

    [Test]
    public void A_not_of_two_filters_or_an_or_of_one_is_refused() =>
        Assert.Multiple(() =>
        {
            Assert.Throws<CubeQueryException>(() => _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Op = "or", Filters = [Filter("date.year", "eq", 2026)] }] }));
            Assert.Throws<CubeQueryException>(() => _warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Op = "not", Filters = [Filter("date.year", "eq", 2026), Filter("date.year", "eq", 2025)] }] }));
        });

    private static CubeFilter Filter(string level, string op, object value) => new() { Level = level, Op = op, Value = Json(value) };

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
