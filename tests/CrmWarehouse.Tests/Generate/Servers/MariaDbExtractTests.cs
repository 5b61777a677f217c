using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// Extraction from a real MariaDB through MySqlConnector, including the legacy utf8mb3 character set that older
/// card systems still use (MySql.Data could not decode it).
/// </summary>
[NonParallelizable]
public sealed class MariaDbExtractTests
{
    private const string Database = "legacy_mb3";

    [OneTimeSetUp]
    public void CreateLegacyDatabase()
    {
        using var maria = new MySqlConnection(ThrowAwayServers.Settings.MariaDb.ConnectionString(""));
        // A warning-raising statement (IF NOT EXISTS on an existing object) on purpose: MySqlConnector must not trip on SHOW WARNINGS.
        maria.Execute($"""
            DROP DATABASE IF EXISTS {Database};
            CREATE DATABASE {Database} CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
            CREATE DATABASE IF NOT EXISTS {Database};
            CREATE TABLE {Database}.holders (id INT PRIMARY KEY, name VARCHAR(40), branch VARCHAR(40), opened DATE, changed DATETIME)
                CHARACTER SET utf8mb3;
            INSERT INTO {Database}.holders VALUES
                (1, '張三丰', '芙蓉支行', '2026-06-30', '2026-06-30 08:00:00'),
                (2, '李四', NULL, NULL, '2026-07-01 09:30:00'),
                (3, 'Ōtsuka', '北京分行营业部', '1999-12-31', '2026-07-02 10:00:00');
            """);
    }

    [OneTimeTearDown]
    public void DropLegacyDatabase()
    {
        using var maria = new MySqlConnection(ThrowAwayServers.Settings.MariaDb.ConnectionString(""));
        maria.Execute($"DROP DATABASE IF EXISTS {Database}");
    }

    [Test]
    public async Task Utf8mb3_table_with_chinese_text_is_extracted_intact()
    {
        using var maria = new MySqlConnection(ThrowAwayServers.Settings.MariaDb.ConnectionString(Database));
        Assert.That(maria.ExecuteScalar<string>($"SELECT character_set_name FROM information_schema.columns WHERE table_schema = '{Database}' AND column_name = 'name'"),
            Is.EqualTo("utf8mb3"), "the table under test really is utf8mb3");

        using var db = new TempDatabase();
        using var holder = db.Open();
        var table = new SourceTableOptions { Name = "holders", Key = "id", ChangeColumn = "changed" };
        var source = new SourceOptions
        {
            Name = "legacy",
            Provider = SourceProvider.MariaDb,
            ConnectionString = ThrowAwayServers.Settings.MariaDb.ConnectionString(Database),
            Tables = [table],
        };
        var extractor = new Extractor(db.ConnectionString, RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);

        var all = await extractor.ExtractAsync([source], new Dictionary<(string, string), string>(), false, 1, DateTime.MaxValue, null, CancellationToken.None);
        Assert.That(all.Single().Rows, Is.EqualTo(3));
        Assert.That(holder.Scalar("SELECT string_agg(concat_ws('|', source_key, name, branch, opened), ' / ' ORDER BY id) FROM staging.legacy_holders"),
            Is.EqualTo("1|張三丰|芙蓉支行|2026-06-30 / 2|李四 / 3|Ōtsuka|北京分行营业部|1999-12-31"));

        var since = await extractor.ExtractAsync([source], new Dictionary<(string, string), string> { [("legacy", "holders")] = "2026-07-01 09:30:00" },
            false, 2, DateTime.MaxValue, null, CancellationToken.None);
        Assert.That(since.Single().Rows, Is.EqualTo(2), "rows at or after the watermark");
    }
}
