using System.Net;
using System.Net.Sockets;
using CrmWarehouse.Bank.LocalServers;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// Starts real PostgreSQL and MariaDB servers for the tests in this namespace with the same machinery as
/// <c>crmw sources up</c>, but with throw-away data directories and free ports on 127.0.0.1; stops and removes them after.
/// </summary>
[SetUpFixture]
public sealed class ThrowAwayServers
{
    private static LocalServers? _servers;
    private static string? _varDir;

    internal static LocalServerSettings Settings { get; private set; } = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        // A free port can be taken by another process between choosing it and the server binding it (other test runs
        // share the machine), so a start that fails is retried on new ports in a new directory.
        for (var attempt = 1; ; attempt++)
        {
            // A private folder (mode 0700, as `mktemp -d` makes), which the server users cannot enter: the servers must
            // still start, from a home of their own (ServerHome).
            _varDir = Directory.CreateTempSubdirectory("crmw-test-servers-").FullName;
            Settings = new LocalServerSettings { VarDir = _varDir };
            Settings.Postgres.Port = FreePort();
            Settings.MariaDb.Port = FreePort();
            _servers = new LocalServers(Settings, _varDir);
            try
            {
                await _servers.UpAsync(TestContext.Progress.WriteLine, CancellationToken.None);
                return;
            }
            catch (SourceServerException e) when (attempt < 3)
            {
                TestContext.Progress.WriteLine($"servers did not start ({e.Message}); trying other ports");
                await _servers.DownAsync(TestContext.Progress.WriteLine, CancellationToken.None);
                Directory.Delete(_varDir, recursive: true);
                if (Directory.Exists(_servers.Home))
                {
                    Directory.Delete(_servers.Home, recursive: true);
                }
            }
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_servers is not null)
        {
            await _servers.DownAsync(TestContext.Progress.WriteLine, CancellationToken.None);
        }
        if (_varDir is not null)
        {
            Directory.Delete(_varDir, recursive: true);
        }

        if (_servers is not null && Directory.Exists(_servers.Home))
        {
            Directory.Delete(_servers.Home, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
