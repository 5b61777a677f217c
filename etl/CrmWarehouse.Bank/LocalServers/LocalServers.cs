namespace CrmWarehouse.Bank.LocalServers;

/// <summary>
/// Both source servers, as configured, with their state under the repository's var folder (or, when the server users
/// cannot reach it, under a folder of its own: see <see cref="ServerHome"/>).
/// </summary>
public sealed class LocalServers
{
    private readonly string _varDir;

    public LocalServers(LocalServerSettings settings, string varDir)
    {
        _varDir = Path.GetFullPath(varDir);
        Home = ServerHome.For(_varDir);
        All = [new PostgresServer(settings.Postgres, Home), new MariaDbServer(settings.MariaDb, Home)];
    }

    /// <summary>Where the servers' data directories, sockets and logs are.</summary>
    public string Home { get; }

    public IReadOnlyList<ILocalServer> All { get; }

    public static LocalServers FromSettings(LocalServerSettings settings) => new(settings, Path.GetFullPath(Path.Combine(CrmWarehouse.Warehouse.CrmwPaths.Home, settings.VarDir)));

    public async Task UpAsync(Action<string> report, CancellationToken cancellationToken)
    {
        if (Home != _varDir)
        {
            report($"{_varDir} is inside a folder the postgres and mysql users cannot enter; the servers keep their data in {Home}.");
        }

        foreach (var server in All)
        {
            report($"Starting {server.Name} ({server.Describe()})…");
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DownAsync(Action<string> report, CancellationToken cancellationToken)
    {
        foreach (var server in All)
        {
            report($"Stopping {server.Name}…");
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
