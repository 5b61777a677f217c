using System.Net;
using System.Net.Sockets;
using CrmWarehouse.Etl.Sources;

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
        _varDir = Path.Combine(Path.GetTempPath(), "crmw-test-servers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_varDir);
        Settings = new LocalServerSettings { VarDir = _varDir };
        Settings.Postgres.Port = FreePort();
        Settings.MariaDb.Port = FreePort();
        _servers = new LocalServers(Settings, _varDir);
        await _servers.UpAsync(TestContext.Progress.WriteLine, CancellationToken.None);
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
