using CrmWarehouse.Bank.LocalServers;
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

    [Test]
    public void Servers_of_a_private_checkout_keep_their_data_where_their_users_can_reach_it()
    {
        var servers = new LocalServers(ThrowAwayServers.Settings, ThrowAwayServers.Settings.VarDir);
        Assert.That(ServerHome.ReachableByOthers(ThrowAwayServers.Settings.VarDir), Is.False, "the fixture's folder is private (0700)");
        Assert.That(servers.Home, Does.StartWith(ServerHome.Fallback + "/"));
        Assert.That(servers.All.Select(s => s.Describe()), Has.All.Contain(servers.Home), "the running servers' data is there");
        Assert.That(ServerHome.For(ThrowAwayServers.Settings.VarDir), Is.EqualTo(servers.Home), "the same checkout finds the same servers again");
    }

    [Test]
    public void A_folder_everyone_can_enter_keeps_the_servers_data_in_place()
    {
        var open = Path.Combine(Path.GetTempPath(), "crmw-open-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(open);
        try
        {
            Assert.That(ServerHome.For(open), Is.EqualTo(open));
        }
        finally
        {
            Directory.Delete(open);
        }
    }

    [Test]
    public void A_home_under_the_fallback_is_made_passable_whatever_mode_it_was_left_with()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
            return;
        }

        var home = Path.Combine(ServerHome.Fallback, "test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            Assert.That(ServerHome.ReachableByOthers(home), Is.False, "left 0700, as a bench found it");
            ServerHome.Prepare(home);
            Assert.That(ServerHome.ReachableByOthers(home), Is.True, "initdb as postgres can pass through it");
        }
        finally
        {
            Directory.Delete(home);
        }
    }
}
