using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Tests.DuckDb;
using static CrmWarehouse.Tests.Cubes.SubjectAreaTests;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>Loading cube files, errors that name what is wrong, SCD2 as-of semantics, values as parameters.</summary>
public sealed class CubeModelTests
{
    [Test]
    public void Repository_declares_the_five_subject_area_cubes()
    {
        var catalog = CubeCatalog.Load(CubeWarehouse.CubeFolder);
        Assert.That(catalog.Cubes.Select(c => c.Name), Is.EquivalentTo(new[] { "balances", "churn", "customer_profile", "interactions", "transactions" }));
        Assert.That(catalog.Cubes.SelectMany(c => c.Measures).All(m => m.Description.Zh.Length > 0 && m.Description.En.Length > 0));
    }

    [TestCase("""{"name": "x", "kind": "median", "expression": "f.a"}""", "measures[0] 'x': kind 'median' is not one of")]
    [TestCase("""{"name": "x", "kind": "ratio", "numerator": "nope", "denominator": "n", "description": {"zh": "x", "en": "x"}}""", "numerator 'nope' is not a sum")]
    [TestCase("""{"name": "x", "kind": "sum", "description": {"zh": "x", "en": "x"}}""", "measures[0] 'x'.expression is required")]
    [TestCase("""{"name": "x", "kind": "sum", "expression": "p.amount", "description": {"zh": "x", "en": "x"}}""", "measures[0] 'x'.expression 'p.amount' refers to 'p.'")]
    public void Invalid_measure_is_reported_with_file_and_field(string measure, string message)
    {
        var error = Assert.Throws<CubeModelException>(() => LoadCube($$$"""
            {"name": "bad", "description": {"zh": "坏", "en": "bad"}, "fact": "dw.fact_transaction",
             "measures": [{{{measure}}}, {"name": "n", "kind": "count", "description": {"zh": "n", "en": "n"}}],
             "dimensions": [{"name": "d", "description": {"zh": "d", "en": "d"}, "levels": [{"name": "l", "expression": "f.x", "description": {"zh": "l", "en": "l"}}]}]}
            """))!;
        Assert.That(error.Message, Does.StartWith("bad.json: ").And.Contain(message));
    }

    [Test]
    public void Rollup_of_a_distinct_count_is_refused_when_the_file_loads()
    {
        var error = Assert.Throws<CubeModelException>(() => LoadCube("""
            {"name": "bad", "description": {"zh": "坏", "en": "bad"}, "fact": "dw.fact_transaction",
             "measures": [{"name": "c", "kind": "count_distinct", "expression": "f.customer_id", "description": {"zh": "c", "en": "c"}}],
             "dimensions": [{"name": "d", "description": {"zh": "d", "en": "d"}, "levels": [{"name": "l", "expression": "f.x", "description": {"zh": "l", "en": "l"}}]}],
             "rollups": [{"name": "r", "levels": ["d.l"], "measures": ["c"]}]}
            """))!;
        Assert.That(error.Message, Does.Contain("rollups[0] 'r': measure 'c'"));
    }

    [TestCase("nope", "amount", "date.month", "Unknown cube 'nope'")]
    [TestCase("transactions", "amout", "date.month", "Unknown measure 'amout' in cube 'transactions'")]
    [TestCase("transactions", "amount", "date.week", "Unknown level 'date.week' in cube 'transactions'")]
    public void Unknown_names_are_reported_by_name(string cube, string measure, string level, string message)
    {
        using var warehouse = new CubeWarehouse(seed: false);
        var error = Assert.Throws<CubeQueryException>(() => warehouse.Compile(cube, new CubeQuery { Measures = [measure], By = [level] }))!;
        Assert.That(error.Message, Does.StartWith(message));
    }

    [Test]
    public void Bad_filter_is_reported_with_its_level()
    {
        using var warehouse = new CubeWarehouse(seed: false);
        var notInteger = Assert.Throws<CubeQueryException>(() => warehouse.Compile("transactions",
            new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Level = "date.year", Value = Json("twenty") }] }))!;
        var noValues = Assert.Throws<CubeQueryException>(() => warehouse.Compile("transactions",
            new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Level = "channel.type", Op = "in" }] }))!;
        Assert.That(notInteger.Message, Does.Contain("'date.year'").And.Contain("'twenty' is not an integer"));
        Assert.That(noValues.Message, Does.Contain("'channel.type'").And.Contain("op 'in'"));
    }

    [Test]
    public void Customer_attributes_are_taken_as_of_the_fact_date_or_as_of_today()
    {
        using var warehouse = new CubeWarehouse();
        var asOfFact = warehouse.Rows(warehouse.Compile("transactions", new CubeQuery { Measures = ["transactions"], By = ["customer.tier"], Where = [new CubeFilter { Level = "customer.city", Value = Json("杭州") }] }));
        var asOfToday = warehouse.Rows(warehouse.Compile("transactions", new CubeQuery { Measures = ["transactions"], By = ["customer_now.tier"], Where = [new CubeFilter { Level = "customer_now.city", Value = Json("杭州") }] }));
        var before = (long)warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction WHERE customer_key = 1")!;
        var after = (long)warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction WHERE customer_key = 2")!;
        var other = (long)warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction WHERE customer_key = 4")!;
        Assert.That(before, Is.Positive);
        Assert.That(asOfFact, Is.EqualTo(new[] { $"普通|{before}", $"金卡|{after}", $"白金|{other}" }), "customer 1 counted under the tier of each transaction's date");
        Assert.That(asOfToday, Is.EqualTo(new[] { $"金卡|{before + after}", $"白金|{other}" }), "customer 1 counted under today's tier");
    }

    [Test]
    public void User_values_are_bound_as_parameters_never_spliced_into_the_sql()
    {
        using var warehouse = new CubeWarehouse();
        const string hostile = "x'; DROP TABLE dw.fact_transaction; --";
        var compiled = warehouse.Compile("transactions", new CubeQuery { Measures = ["amount"], Where = [new CubeFilter { Level = "channel.type", Value = Json(hostile) }] });
        Assert.That(compiled.Sql, Does.Not.Contain("DROP"));
        Assert.That(compiled.Parameters.Values, Does.Contain(hostile));
        Assert.That(warehouse.Rows(compiled), Is.EqualTo(new[] { "NULL" }));
        Assert.That(warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction"), Is.EqualTo(1200L));
    }

    private static CubeDefinition LoadCube(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"), "bad.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        try
        {
            return CubeLoader.Load(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
