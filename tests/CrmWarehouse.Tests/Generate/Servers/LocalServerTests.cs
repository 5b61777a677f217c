using CrmWarehouse.Etl.Sources;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>The <c>crmw sources</c> machinery, as the set-up fixture left it: both servers up, on loopback only.</summary>
public sealed class LocalServerTests
{
    [Test]
    public async Task Both_servers_report_running_on_their_configured_ports()
    {
        var servers = new LocalServers(ThrowAwayServers.Settings, ThrowAwayServers.Settings.VarDir);
        foreach (var server in servers.All)
        {
            Assert.That(await server.IsRunningAsync(CancellationToken.None), Is.True, server.Name);
            Assert.That(server.Describe(), Does.Contain($"127.0.0.1:{server.Port}"));
        }
    }

    [Test]
    public async Task Starting_a_running_server_again_changes_nothing()
    {
        var servers = new LocalServers(ThrowAwayServers.Settings, ThrowAwayServers.Settings.VarDir);
        await servers.UpAsync(_ => { }, CancellationToken.None);
        await using var pg = new NpgsqlConnection(ThrowAwayServers.Settings.Postgres.ConnectionString("postgres"));
        await pg.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW listen_addresses", pg);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("127.0.0.1"));
    }
}
