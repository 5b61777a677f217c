using CrmWarehouse.Bank.Generate;
using Dapper;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>Generation into real PostgreSQL and MariaDB servers gives the same rows as the embedded stand-ins.</summary>
public sealed class ServerTargetTests
{
    private GeneratorSettings _servers = null!;
    private GeneratorSettings _embedded = null!;
    private BankModel _model = null!;

    [OneTimeSetUp]
    public async Task Generate()
    {
        _servers = SmallBank.Settings(0.01, seed: 5);
        _embedded = SmallBank.Settings(0.01, seed: 5);
        _model = await BankGenerator.RunAsync(_servers, Targets.Parse("postgres,mariadb", embedded: false), ThrowAwayServers.Settings, _ => { }, CancellationToken.None);
        await BankGenerator.RunAsync(_embedded, Targets.Parse("", embedded: true), ThrowAwayServers.Settings, _ => { }, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Remove()
    {
        Directory.Delete(_servers.OutDir, recursive: true);
        Directory.Delete(_embedded.OutDir, recursive: true);
    }

    private static NpgsqlConnection Postgres() => new(ThrowAwayServers.Settings.Postgres.ConnectionString("core_banking"));

    private static MySqlConnection MariaDb() => new(ThrowAwayServers.Settings.MariaDb.ConnectionString("cards"));

    private SqliteConnection Embedded(string file) => new($"Data Source={Path.Combine(_embedded.OutDir, file)};Mode=ReadOnly;Pooling=false");

    [TestCase("customers")]
    [TestCase("accounts")]
    [TestCase("transactions")]
    [TestCase("balances")]
    public void Core_banking_in_postgres_matches_the_embedded_stand_in(string table) => AssertSameRowCount(Postgres(), SourceWriter.CoreFile, table);

    [TestCase("cardholders")]
    [TestCase("cards")]
    [TestCase("card_transactions")]
    public void Cards_in_mariadb_match_the_embedded_stand_in(string table) => AssertSameRowCount(MariaDb(), SourceWriter.CardsFile, table);

    private void AssertSameRowCount(System.Data.Common.DbConnection server, string embeddedFile, string table)
    {
        using (server)
        using (var lite = Embedded(embeddedFile))
        {
            var sql = $"SELECT count(*) FROM {table}";
            Assert.That(server.ExecuteScalar<long>(sql), Is.EqualTo(lite.ExecuteScalar<long>(sql)).And.GreaterThan(0));
        }
    }

    [Test]
    public void Chinese_text_and_amounts_survive_the_round_trip()
    {
        using var pg = Postgres();
        using var maria = MariaDb();
        var record = _model.Records.First(r => r.System == SourceSystem.Core && r.Dirt.Count == 0);
        Assert.That(pg.ExecuteScalar<string>("SELECT cust_name FROM customers WHERE cust_no = @k", new { k = record.Key }), Is.EqualTo(record.Name));
        var holder = _model.Records.First(r => r.System == SourceSystem.Cards && r.Dirt.Count == 0);
        Assert.That(maria.ExecuteScalar<string>("SELECT CONCAT(surname, given_name) FROM cardholders WHERE holder_id = @k", new { k = long.Parse(holder.Key, System.Globalization.CultureInfo.InvariantCulture) }),
            Is.EqualTo(holder.Name));
        using var lite = Embedded(SourceWriter.CoreFile);
        Assert.That(pg.ExecuteScalar<decimal>("SELECT sum(amount) FROM transactions WHERE amount < 1000000"),
            Is.EqualTo(lite.ExecuteScalar<decimal>("SELECT round(sum(amount), 2) FROM transactions WHERE amount < 1000000")).Within(0.05m));
    }
}
