using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The HTTP endpoints as a hosted service of another host (<c>crmw run</c>): Kestrel starts and stops with it and
/// logs to its Serilog logger.
/// </summary>
public sealed class ServingService(ServingOptions options, CubeCatalog catalog, RoleCatalog roles, string connectionString, Serilog.ILogger logger, Loads.IWarehouseLoader? loader = null)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where Kestrel listens once started (a port 0 in the configuration becomes the port it got).</summary>
    public ICollection<string> Urls => _app?.Urls ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = ServingHost.Build(options, catalog, roles, connectionString, logger, loader);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.ForContext<ServingService>().Information("HTTP endpoints listening on {Urls}", string.Join(", ", _app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
