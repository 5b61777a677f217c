using CrmWarehouse.Serving.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.PgWire;

/// <summary>The PostgreSQL listener as a hosted service of the HTTP host, sharing its <see cref="ServingContext"/> (and so its locked sandbox).</summary>
public sealed class PgWireService : IHostedService, IAsyncDisposable
{
    private readonly ServingContext context;
    private readonly PgWireSecurity security;
    private readonly ILogger logger;
    private PgWireServer? _server;

    internal PgWireService(ServingContext context, PgWireSecurity security, ILogger logger)
    {
        this.context = context;
        this.security = security;
        this.logger = logger;
    }

    /// <summary>Where PostgreSQL clients connect, once started (null when disabled).</summary>

    public System.Net.IPEndPoint? Endpoint => _server?.Endpoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = context.Options.PgWire;
        if (!options.Enabled)
        {
            return Task.CompletedTask;
        }

        _server = new PgWireServer(context, options, security, logger);
        _server.Start();
        logger.LogInformation("PostgreSQL clients: {Host}:{Port}, database warehouse", _server.Endpoint.Address, _server.Endpoint.Port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
