using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Bank.LocalServers;
using Dapper;
using MySqlConnector;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary><c>--advance</c> on server targets, in databases of its own so other fixtures see an unchanged bank.</summary>
public sealed class ServerAdvanceTests
{
    private readonly LocalServerSettings _servers = new()
    {
        Postgres = new PostgresSettings { Port = ThrowAwayServers.Settings.Postgres.Port, Database = "core_banking_advance" },
        MariaDb = new MariaDbSettings { Port = ThrowAwayServers.Settings.MariaDb.Port, Database = "cards_advance" },
    };

    [Test]
    public async Task Advance_upserts_the_next_day_into_the_servers()
    {
        var settings = SmallBank.Settings(0.01, seed: 6);
        await BankGenerator.RunAsync(settings, Targets.Parse("postgres,mariadb", embedded: false), _servers, _ => { }, CancellationToken.None);
        using var pg = new NpgsqlConnection(_servers.Postgres.ConnectionString(_servers.Postgres.Database));
        using var maria = new MySqlConnection(_servers.MariaDb.ConnectionString(_servers.MariaDb.Database));
        var before = pg.ExecuteScalar<long>("SELECT count(*) FROM transactions");
        var accountsBefore = pg.ExecuteScalar<long>("SELECT count(*) FROM accounts WHERE status = 'CLOSED'");

        await DayAdvancer.RunAsync(settings.OutDir, 1, _servers, _ => { }, CancellationToken.None);

        var day = settings.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var window = new { d = day, e = day.AddDays(1) };
        Assert.Multiple(() =>
        {
            Assert.That(pg.ExecuteScalar<long>("SELECT count(*) FROM transactions"), Is.GreaterThan(before));
            Assert.That(pg.ExecuteScalar<long>("SELECT count(*) FROM transactions WHERE txn_time >= @d AND txn_time < @e", window), Is.GreaterThan(0));
            Assert.That(pg.ExecuteScalar<long>("SELECT count(*) FROM accounts WHERE status = 'CLOSED'"), Is.GreaterThanOrEqualTo(accountsBefore));
            Assert.That(maria.ExecuteScalar<long>("SELECT count(*) FROM card_transactions WHERE txn_time >= @d AND txn_time < @e", window), Is.GreaterThan(0));
        });
        Directory.Delete(settings.OutDir, recursive: true);
    }
}
