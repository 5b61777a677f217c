using System.Reflection;
using CrmWarehouse.Warehouse.Marts;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Warehouse;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.Star;
using LinqToDB;
using LinqToDB.Mapping;

namespace CrmWarehouse.Tests.Mining.Warehouse;

/// <summary>
/// The linq2db mappings of the marts (and of the dimension columns the doors read) against the tables the migrations
/// create: a row inserted through a mapping reads back equal, column by column; MAP and LIST columns read as .NET
/// collections; the dimension columns read as stored, and the masking functions run inside DuckDB.
/// </summary>
public sealed class MartMappingTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private static IEnumerable<TestCaseData> Rows()
    {
        yield return Case(new MiningRunRecord { RunId = 9, AsOf = AsOf, BatchId = 4, Trigger = "test", Status = RunStatus.Failed, StartedAt = new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2026, 7, 1, 2, 1, 0, TimeSpan.Zero), Error = "step rfm: no rows" });
        yield return Case(new CustomerValue
        {
            AsOf = AsOf, CustomerId = 77, CustomerKey = 701, RecencyDays = 12, Frequency = 30, Monetary = 12_345.5, RScore = 5, FScore = 4, MScore = 3, RfmSegment = "champions",
            TenureMonths = 40, ProductsHeld = 3, RepeatRate = 0.5, Persistence = 0.75, AdoptionRate = 0.25, Complaints = 1, Satisfaction = 4.5, LoyaltyIndex = 81.25,
            MobileShare = 0.6, DepositBalance = 50_000, LoanBalance = 1_000, Revenue = 900, Cost = 300, Profit = 600, RevenueShare = 0.01, ProfitShare = 0.02, ParetoRank = 1,
            ParetoCumShare = 0.02, Clv = 1_500.25, PAlive = 0.9, ExpectedTransactions = 11.5, ChurnRisk = 0.05, ChurnRiskBand = "low", ValueTier = "high", SegmentId = 2,
        });
        yield return Case(new ChurnMonth { AsOf = AsOf, Month = new DateOnly(2026, 6, 1), Opened = 10, Closed = 4, Net = 6, LossToAcquisition = 0.4, ClosedNatural = 1, ClosedCompetitive = 2, ClosedService = 1, ClosedOther = 0, ChurnedCustomers = 3 });
        yield return Case(new ChurnModel { AsOf = AsOf, Definition = "all accounts closed", HorizonDays = 90, TrainCutoff = new DateOnly(2025, 12, 31), TestCutoff = new DateOnly(2026, 3, 31), TrainRows = 1000, TrainChurners = 30, TestRows = 1100, TestChurners = 28, Auc = 0.86, PrecisionAt10 = 0.16, BaseRate = 0.028 });
        yield return Case(new AssociationRule { AsOf = AsOf, RuleNo = 1, Antecedent = ["payroll", "deposit"], Consequent = "card", Support = 0.1, Confidence = 0.59, Lift = 1.8, Customers = 120 });
        yield return Case(new NextBestOffer { AsOf = AsOf, CustomerId = 77, Rank = 1, Offer = "card", Confidence = 0.59, Lift = 1.8, Because = "payroll + deposit" });
        yield return Case(new ParetoPoint { AsOf = AsOf, CustomerShare = 0.2, ProfitShare = 0.81 });
        yield return Case(new Alert { AsOf = AsOf, AccountKey = 31, CustomerId = 77, AlertDate = new DateOnly(2026, 6, 29), Rule = "structuring", Reason = "5 deposits just under 50,000", Score = 3.5 });
    }

    [TestCaseSource(nameof(Rows))]
    public void Row_inserted_through_the_mapping_reads_back_equal<T>(T row)
        where T : class
    {
        using var connection = SchemaTests.Migrated();
        using var data = WarehouseData.Over(connection);
        data.Insert(row);
        var back = data.GetTable<T>().Single();
        Assert.That(MappedValues(back), Is.EqualTo(MappedValues(row)));
    }

    [Test]
    public void Map_and_list_columns_read_as_collections()
    {
        using var connection = SchemaTests.Migrated();
        connection.Exec("INSERT INTO mart.segments VALUES (DATE '2026-06-30', 1, 10, 0.1, 0.3, 'one', MAP {'age': 41.5, 'products_held': 2.0})");
        connection.Exec("INSERT INTO mart.mining_run VALUES (1, DATE '2026-06-30', NULL, 'test', 'published', now(), now(), MAP {'rfm': 1.25}, MAP {'rules': 12.0}, NULL)");
        using var data = WarehouseData.Over(connection);
        // mart.segments.means is NOT NULL and linq2db cannot bind a MAP: its row is written by SQL, as mining does.
        var segment = data.GetTable<Segment>().Single();
        Assert.That((segment.AsOf, segment.SegmentId, segment.Customers, segment.Share, segment.Silhouette, segment.Description), Is.EqualTo((AsOf, 1, 10L, 0.1, 0.3, "one")));
        Assert.That(segment.Means, Is.EqualTo(new Dictionary<string, double> { ["age"] = 41.5, ["products_held"] = 2.0 }));
        var run = data.GetTable<MiningRunRecord>().Single();
        Assert.That((run.StepSeconds!["rfm"], run.Headline!["rules"], run.BatchId), Is.EqualTo((1.25, 12.0, (long?)null)));
    }

    [Test]
    public void Dimension_columns_read_back_in_clear_and_the_mask_macros_hide_what_is_personal()
    {
        using var connection = SchemaTests.Migrated();
        connection.Exec("INSERT INTO dw.dim_customer (customer_key, customer_id, name, phone, id_number, valid_from, valid_to, is_current, batch_id) VALUES (1, 1, '张三丰', '13812341234', '110101199003074578', DATE '2020-01-01', DATE '9999-12-31', true, 1), (2, 2, '王', NULL, NULL, DATE '2020-01-01', DATE '9999-12-31', true, 1), (3, 3, NULL, NULL, NULL, DATE '2020-01-01', DATE '9999-12-31', true, 1)");
        // dim_account has more NOT NULL columns than the doors map: the rest come from its unknown member.
        connection.Exec("INSERT INTO dw.dim_account SELECT * REPLACE (31 AS account_key, '6222020212345678' AS account_number, 77 AS customer_id) FROM dw.dim_account WHERE account_key = 0");
        using var data = WarehouseData.Over(connection);
        var account = data.GetTable<DimAccount>().Single(a => a.AccountKey == 31);
        Assert.That((account.AccountNumber, account.CustomerId), Is.EqualTo(("6222020212345678", 77L)), "the mapping reads the clear value; the role views mask");
        var masked = connection.Rows("""
            SELECT mask.name(name), mask.phone(phone), mask.id_number(id_number)
            FROM dw.dim_customer WHERE customer_key > 0 ORDER BY customer_key
            """);
        Assert.That(masked, Is.EqualTo(new[] { "张*|138****1234|110101********4578", "王*|NULL|NULL", "NULL|NULL|NULL" }));
        Assert.That(connection.Scalar("SELECT mask.account_number(account_number) FROM dw.dim_account WHERE account_key = 31"), Is.EqualTo("************5678"));
    }

    [TestCase("name", "张三丰", "张*")]
    [TestCase("name", "", "")]
    [TestCase("id_number", "110101199003074578", "110101********4578")]
    [TestCase("id_number", "110101900307457", "110101********7457", TestName = "A 15-digit ID gets as many stars as an 18-digit one")]
    [TestCase("id_number", "1101019003", "********", TestName = "An ID too short to keep both ends is all stars")]
    [TestCase("id_number", "110101\n199003074578", "110101********4578", TestName = "A line break inside an ID is masked, not passed through")]
    [TestCase("phone", "13812341234", "138****1234")]
    [TestCase("phone", "+8613812341234", "+86****1234")]
    [TestCase("phone", "1234567", "****")]
    [TestCase("phone", "138\r\n12341234", "138****1234")]
    [TestCase("account_number", "6222020212345678", "************5678")]
    [TestCase("account_number", "622202021234567890", "************7890", TestName = "An 18-digit account number gets as many stars as a 16-digit one")]
    [TestCase("account_number", "5678", "************")]
    public void Masks_keep_only_the_ends_and_never_tell_the_length(string mask, string value, string shown)
    {
        using var connection = SchemaTests.Migrated();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT mask.{mask}($1)";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter(value));
        Assert.That(command.ExecuteScalar(), Is.EqualTo(shown));
    }

    private static TestCaseData Case<T>(T row) => new TestCaseData(row).SetArgDisplayNames(typeof(T).Name);

    /// <summary>The values of every column the mapping writes, in declaration order.</summary>
    private static object?[] MappedValues(object row) =>
        [.. row.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ColumnAttribute>() is { SkipOnInsert: false })
            .Select(p => p.GetValue(row) is not string and System.Collections.IEnumerable e ? string.Join("|", e.Cast<object>()) : p.GetValue(row))];
}
