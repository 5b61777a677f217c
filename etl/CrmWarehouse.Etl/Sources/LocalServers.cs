namespace CrmWarehouse.Etl.Sources;

/// <summary>Both source servers, as configured, with their state under the repository's var folder.</summary>
internal sealed class LocalServers(LocalServerSettings settings, string varDir)
{
    public IReadOnlyList<ILocalServer> All { get; } =
    [
        new PostgresServer(settings.Postgres, varDir),
        new MariaDbServer(settings.MariaDb, varDir),
    ];

    public static LocalServers FromSettings(LocalServerSettings settings) => new(settings, Path.GetFullPath(Path.Combine(Cli.CrmwPaths.Home, settings.VarDir)));

    public async Task UpAsync(Action<string> report, CancellationToken cancellationToken)
    {
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
