using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>The PostgreSQL listener as a hosted service of the HTTP host, on connections of its ServingContext (and so its locked sandbox).</summary>
public sealed class PgWireService : IHostedService, IAsyncDisposable
{
    private readonly int _queryTimeoutSeconds;
    private readonly PgWireOptions _options;
    private readonly PgWireSecurity _security;
    private readonly ILogger _logger;
    private PgWireServer? _server;

    internal PgWireService(int queryTimeoutSeconds, PgWireOptions options, PgWireSecurity security, ILogger logger)
    {
        _queryTimeoutSeconds = queryTimeoutSeconds;
        _options = options;
        _security = security;
        _logger = logger;
    }

    /// <summary>Where PostgreSQL clients connect, once started (null when disabled).</summary>

    public System.Net.IPEndPoint? Endpoint => _server?.Endpoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        _server = new PgWireServer(_queryTimeoutSeconds, _options, _security, _logger);
        _server.Start();
        _logger.LogInformation("PostgreSQL clients: {Host}:{Port}, database warehouse", _server.Endpoint.Address, _server.Endpoint.Port);
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
