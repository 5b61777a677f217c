using CrmWarehouse.Serving.Http;
using Microsoft.AspNetCore.Builder;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>A test warehouse served by a real Kestrel on a free loopback port, with a client pointed at it.</summary>
internal sealed class ServedWarehouse : IAsyncDisposable
{
    private ServedWarehouse(CubeWarehouse warehouse, WebApplication server)
    {
        Warehouse = warehouse;
        Server = server;
        Client = new HttpClient { BaseAddress = new Uri(server.Urls.Single()) };
    }

    public CubeWarehouse Warehouse { get; }

    public WebApplication Server { get; }

    public HttpClient Client { get; }

    /// <summary>Serves <paramref name="warehouse"/> (disposed with this) with <paramref name="options"/> on a free port.</summary>
    public static async Task<ServedWarehouse> StartAsync(CubeWarehouse warehouse, ServingOptions options)
    {
        options.Urls = "http://127.0.0.1:0";
        var server = ServingHost.Build(options, warehouse.Catalog, warehouse.ConnectionString);
        await server.StartAsync().ConfigureAwait(false);
        return new ServedWarehouse(warehouse, server);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.StopAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        Warehouse.Dispose();
    }
}
