namespace CrmWarehouse.Bank.LocalServers;

/// <summary>A database server this repository runs for itself on 127.0.0.1 (PostgreSQL or MariaDB).</summary>
public interface ILocalServer
{
    string Name { get; }

    int Port { get; }

    /// <summary>Initialises the data directory on first use, then starts the server and waits until it accepts connections.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);

    Task<bool> IsRunningAsync(CancellationToken cancellationToken);

    /// <summary>Address and data directory, for status lines.</summary>
    string Describe();
}
