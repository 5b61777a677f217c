using CrmWarehouse.Cubes.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cubes.Http;

/// <summary>
/// The HTTP endpoints as a hosted service of another host (<c>crmw run</c>): Kestrel starts and stops with it and
/// logs through its logger factory.
/// </summary>
internal sealed class ServingService(ServingOptions options, CubeCatalog catalog, string connectionString, TimeProvider clock, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = ServingHost.Build(options, catalog, connectionString, clock, services => services.AddSingleton(loggers));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        loggers.CreateLogger<ServingService>().LogInformation("HTTP endpoints listening on {Urls}", string.Join(", ", _app.Urls));
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
