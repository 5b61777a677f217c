using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Tests.DuckDb;
using static CrmWarehouse.Tests.Cubes.SubjectAreaTests;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// Conformed dimensions declared once, drill paths, captions (2026-Q1, names, 未知/Unknown, 合计/Total), bands in their
/// natural order, and subtotals that follow their group when the detail rows are ordered and limited.
/// </summary>
public sealed class HierarchyTests
{
    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public void CreateWarehouse()
    {
        _warehouse = new CubeWarehouse();

        // A current customer whose education no source gave.
        _warehouse.Connection.Exec("""
            INSERT INTO dw.dim_customer (customer_key, customer_id, name, gender, age_band, education, city, province, segment, tier, valid_from, valid_to, is_current, batch_id)
            VALUES (6, 5, '钱七', 'F', 'unknown', NULL, '南京', '江苏', 'retail', '普通', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 1)
            """);
    }

    [OneTimeTearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    [Test]
    public void Conformed_dimensions_are_declared_once_and_every_cube_that_uses_one_has_the_same_levels()
    {
        var folder = CubeWarehouse.CubeFolder;
        var conformed = ConformedDimension.LoadAll(Path.Combine(folder, "dimensions"));
        Assert.That(conformed.Keys, Is.SupersetOf(new[] { "date", "customer", "product", "branch", "channel" }));
        foreach (var cubeFile in Directory.GetFiles(folder, "*.json"))
        {
            Assert.That(File.ReadAllText(cubeFile), Does.Not.Contain("\"levels\": [\n        {\n          \"name\": \"year\""), $"{cubeFile} declares the calendar again");
        }

        foreach (var (name, dimension) in conformed)
        {
            var copies = _warehouse.Catalog.Cubes.SelectMany(c => c.Dimensions).Where(d => d.Name == name).ToList();
            Assert.That(copies, Is.Not.Empty, $"no cube uses {name}");
            var levels = dimension.File.Levels!.Select(l => $"{name}.{l.Name}").ToList();
            Assert.That(copies.Select(d => d.Levels.Select(l => l.Id)), Is.All.EqualTo(levels), name);
            Assert.That(copies.Select(d => d.Hierarchy), Is.All.EqualTo((dimension.File.Hierarchy ?? []).Select(l => $"{name}.{l}")), name);
        }
    }

    [TestCase("date", new[] { "date.year", "date.quarter", "date.month", "date.day" })]
    [TestCase("branch", new[] { "branch.province", "branch.city", "branch.branch" })]
    [TestCase("product", new[] { "product.category", "product.subcategory", "product.product" })]
    [TestCase("customer", new[] { "customer.segment", "customer.tier" })]
    public void Drill_paths(string dimension, string[] path) =>
        Assert.That(_warehouse.Catalog.Get("transactions").Dimensions.Single(d => d.Name == dimension).Hierarchy, Is.EqualTo(path));

    [Test]
    public void A_reference_to_a_dimension_that_is_not_declared_names_the_file_and_field()
    {
        var error = Assert.Throws<CubeModelException>(() => CubeLoader.Validate(new CubeFile
        {
            Name = "bad", Fact = "dw.fact_transaction", Description = new DescriptionFile { Zh = "坏", En = "bad" },
            Measures = [new MeasureFile { Name = "n", Kind = "count", Description = new DescriptionFile { Zh = "n", En = "n" } }],
            Dimensions = [new DimensionFile { Use = "planet", Key = "f.planet_key" }],
        }, "bad.json", ConformedDimension.LoadAll(Path.Combine(CubeWarehouse.CubeFolder, "dimensions"))))!;
        Assert.That(error.Message, Does.StartWith("bad.json: dimensions[0].use 'planet' is not a dimension"));
    }

    [Test]
    public void Quarters_and_months_are_captioned_as_dates_and_keep_integer_keys()
    {
        var rows = _warehouse.Rows(_warehouse.Compile("transactions", new CubeQuery
        {
            Measures = ["transactions"], By = ["date.quarter", "date.month"], Where = [new CubeFilter { Level = "date.quarter", Value = Json(20261) }],
        }), captions: true);
        Assert.That(rows.Select(r => string.Join("|", r.Split('|').Take(4))), Is.EqualTo(new[] { "20261|2026-Q1|202601|2026-01", "20261|2026-Q1|202602|2026-02", "20261|2026-Q1|202603|2026-03" }));
    }

    [TestCase("zh", "活期存款", "合计")]
    [TestCase("en", "DEP01 活期存款", "Total")]
    public void Products_are_captioned_by_name_and_the_total_is_labelled(string language, string deposit, string total)
    {
        var rows = _warehouse.Rows(_warehouse.Compile("transactions", new CubeQuery
        {
            Measures = ["transactions"], By = ["product.product"], Totals = CubeTotals.Grand, Language = language,
        }), captions: true);
        Assert.That(rows, Has.One.StartsWith($"DEP01|{deposit}|0|"));
        Assert.That(rows.Last(), Does.StartWith($"NULL|{total}|1|1200"));
    }

    [TestCase("zh", "大专", "本科", "未知", "合计")]
    [TestCase("en", "Junior college", "Bachelor", "Unknown", "Total")]
    public void Education_bands_come_in_natural_order_with_the_unknown_and_the_total_labelled(string language, string college, string bachelor, string unknown, string total)
    {
        var rows = _warehouse.Rows(_warehouse.Compile("customer_profile", new CubeQuery
        {
            Measures = ["customers", "share_of_customers"], By = ["customer.education"], Totals = CubeTotals.Grand, Language = language,
        }), captions: true);

        // 硕士 is not one of the declared bands (硕士及以上): after them, before the unknown.
        Assert.That(rows, Is.EqualTo(new[]
        {
            $"大专|{college}|0|1|0.2", $"本科|{bachelor}|0|2|0.4", "硕士|硕士|0|1|0.2", $"NULL|{unknown}|0|1|0.2", $"NULL|{total}|1|5|1",
        }));
    }

    [Test]
    public void Ordered_and_limited_detail_rows_keep_their_subtotals_after_their_group()
    {
        var query = new CubeQuery
        {
            Measures = ["transactions"], By = ["product.category", "channel.type"], Totals = CubeTotals.Subtotals,
            OrderBy = [new CubeOrder("transactions", Descending: true)], Limit = 4,
        };
        var rows = _warehouse.Rows(_warehouse.Compile("transactions", query)).Select(r => r.Split('|')).ToList();
        Assert.That(rows.Count(r => r[2] == "0"), Is.EqualTo(4), "the limit counts detail rows");
        Assert.That(rows.Last()[2], Is.EqualTo("3"), "the grand total last");
        string? group = null;
        foreach (var row in rows.SkipLast(1))
        {
            if (row[2] == "0")
            {
                group ??= row[0];
                Assert.That(row[0], Is.EqualTo(group), "detail rows of one category together, its subtotal after them");
            }
            else
            {
                Assert.That(row[0], Is.EqualTo(group ?? row[0]), "a subtotal follows its group");
                group = null;
            }
        }

        // Within a category, detail rows by transactions descending; categories in their natural order.
        var deposit = rows.Where(r => r[0] == "deposit" && r[2] == "0").Select(r => long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(deposit, Is.Ordered.Descending);
        Assert.That(rows.Where(r => r[2] == "1").Select(r => r[0]).ToList(), Is.EqualTo(rows.Where(r => r[2] == "1").Select(r => r[0]).OrderBy(c => Array.IndexOf(["deposit", "loan", "card"], c)).ToList()));
    }
}
