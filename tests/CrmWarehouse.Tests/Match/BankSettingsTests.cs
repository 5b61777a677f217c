using System.Globalization;
using CrmWarehouse.Etl.Match;
using CrmWarehouse.Etl.Match.Eval;
using CrmWarehouse.Warehouse.DuckDb;
using Dapper;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Match;

/// <summary>
/// The bank's default settings on bank-shaped customers until the generator (issue 3) lands: three systems, each
/// customer in one to three of them, copies with typos in the Chinese name, a missing or mistyped phone, a
/// missing or mistyped ID number, day and month swapped, another address.
/// </summary>
public sealed class BankSettingsTests
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国平红";
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "长沙", "成都", "武汉", "杭州"];
    private static readonly string[] Sources = ["core", "cards", "wealth"];

    [Test]
    public void Bank_settings_find_the_planted_duplicates_across_systems()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Plant(connection, customers: 3_000, seed: 3);

        var result = new Matcher(MatchSettings.BuiltIn("bank") with { RandomPairs = 200_000 }, TimeProvider.System).Run(connection, "customers", CancellationToken.None);
        var quality = MatchQuality.Measure(connection, "customers", MatchMode.Dedupe, CancellationToken.None);

        TestContext.Out.WriteLine($"precision={quality.Precision:0.0000} recall={quality.Recall:0.0000} pairs={result.Candidates} records={result.Records}");
        Assert.Multiple(() =>
        {
            Assert.That(quality.Truth, Is.GreaterThan(1_000), "enough planted duplicates to measure");
            Assert.That(quality.Precision, Is.GreaterThanOrEqualTo(0.98), $"precision {quality.Precision:0.0000}");
            Assert.That(quality.Recall, Is.GreaterThanOrEqualTo(0.95), $"recall {quality.Recall:0.0000}");
            Assert.That(result.Candidates, Is.LessThan(10 * result.Records));
        });
    }

    [Test]
    public void Golden_record_takes_identity_from_the_most_trusted_source_and_phone_from_the_latest_change()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Plant(connection, customers: 500, seed: 5);
        new Matcher(MatchSettings.BuiltIn("bank") with { RandomPairs = 100_000 }, TimeProvider.System).Run(connection, "customers", CancellationToken.None);

        var golden = connection.ExecuteScalar<long>("SELECT count(*) FROM match.golden_records");
        var customers = connection.ExecuteScalar<long>("SELECT count(DISTINCT golden_id) FROM match.golden_ids");
        // Every planted customer has a core record (its first copy); the golden name must be that one's.
        var nameNotFromCore = connection.ExecuteScalar<long>("""
            SELECT count(*) FROM match.golden_records AS g
            JOIN match.golden_ids AS i USING (golden_id)
            JOIN customers AS c ON c.record_id = i.record_id AND c.source = 'core'
            WHERE g.name IS DISTINCT FROM c.name
            """);
        var phoneNotLatest = connection.ExecuteScalar<long>("""
            SELECT count(*) FROM match.golden_records AS g
            WHERE g.phone IS DISTINCT FROM (
                SELECT arg_max(c.phone, c.updated_at) FROM match.golden_ids AS i JOIN customers AS c USING (record_id)
                WHERE i.golden_id = g.golden_id AND c.phone IS NOT NULL)
            """);
        Assert.Multiple(() =>
        {
            Assert.That(golden, Is.EqualTo(customers), "one golden record per golden id");
            Assert.That(nameNotFromCore, Is.Zero);
            Assert.That(phoneNotLatest, Is.Zero);
        });
    }

    [Test]
    public void A_comparison_name_that_is_not_a_sql_identifier_is_refused()
    {
        var json = """
            { "name": "x", "blocking_rules": ["l.a = r.a"],
              "comparisons": [{ "name": "a; DROP TABLE t", "column": "a", "levels": [{ "kind": "exact" }] }] }
            """;
        Assert.That(() => MatchSettings.Parse(json), Throws.TypeOf<FormatException>().With.Message.Contains("identifier"));
    }

    private static void Plant(DuckDBConnection connection, int customers, int seed)
    {
        var random = new Random(seed);
        connection.Execute("""
            CREATE TABLE customers (record_id VARCHAR, source VARCHAR, entity VARCHAR, id_number VARCHAR, name VARCHAR,
                                    gender VARCHAR, birth_date DATE, phone VARCHAR, city VARCHAR, address VARCHAR,
                                    segment VARCHAR, tier VARCHAR, province VARCHAR, education VARCHAR, occupation VARCHAR,
                                    monthly_income INTEGER, updated_at TIMESTAMP)
            """);
        using var appender = connection.CreateAppender("customers");
        for (var c = 0; c < customers; c++)
        {
            var name = $"{Surnames[random.Next(Surnames.Length)]}{Given[random.Next(Given.Length)]}{(random.Next(3) > 0 ? Given[random.Next(Given.Length)].ToString() : "")}";
            var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 55));
            var gender = random.Next(2) == 0 ? "M" : "F";
            var id = $"{430100 + random.Next(99):D6}{birth:yyyyMMdd}{random.Next(10_000):D4}";
            var phone = $"1{random.Next(30, 90)}{random.Next(100_000_000):D8}";
            var city = Cities[random.Next(Cities.Length)];
            var address = $"{city}市{Given[random.Next(Given.Length)]}{Given[random.Next(Given.Length)]}路{random.Next(1, 300)}号";
            var copies = 1 + random.Next(3);
            for (var k = 0; k < copies; k++)
            {
                var noisy = k > 0;
                appender.CreateRow().AppendValue($"{Sources[k]}-{c}").AppendValue(Sources[k]).AppendValue(c.ToString(CultureInfo.InvariantCulture))
                    .AppendValue(noisy && random.Next(8) == 0 ? null : noisy && random.Next(5) == 0 ? Typo(id, "0123456789", random) : id)
                    .AppendValue(noisy && random.Next(3) == 0 ? Typo(name, Given, random) : name)
                    .AppendValue(gender)
                    .AppendValue(noisy && random.Next(20) == 0 && birth.Day <= 12 ? new DateOnly(birth.Year, birth.Day, birth.Month) : birth)
                    .AppendValue(noisy && random.Next(4) == 0 ? null : noisy && random.Next(6) == 0 ? Typo(phone, "0123456789", random) : phone)
                    .AppendValue(city)
                    .AppendValue(noisy && random.Next(3) == 0 ? $"{city}市{Given[random.Next(Given.Length)]}{Given[random.Next(Given.Length)]}街{random.Next(1, 300)}号" : address)
                    .AppendValue("retail").AppendValue("普通").AppendValue("湖南省").AppendValue("本科").AppendValue("教师").AppendValue((int?)8000)
                    .AppendValue(new DateTime(2026, 1, 1).AddMinutes(random.Next(500_000)))
                    .EndRow();
            }
        }
    }

    private static string Typo(string value, string alphabet, Random random)
    {
        var chars = value.ToCharArray();
        chars[1 + random.Next(chars.Length - 1)] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }
}
