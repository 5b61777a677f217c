using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>A test warehouse served by a real Kestrel on a free loopback port, with a client pointed at it.</summary>
internal sealed class ServedWarehouse : IAsyncDisposable
{
    private ServedWarehouse(CubeWarehouse warehouse, WebApplication server)
    {
        Warehouse = warehouse;
        Server = server;
        Client = ClientAs("admin", "admin");
    }

    public CubeWarehouse Warehouse { get; }

    public WebApplication Server { get; }

    /// <summary>Signed in as admin (the user a first start makes), with an API token.</summary>
    public HttpClient Client { get; }

    public Uri BaseAddress => new(Server.Urls.Single());

    /// <summary>A client signed in as <paramref name="user"/> with <paramref name="role"/> (made the first time); the caller disposes it.</summary>
    public HttpClient ClientAs(string user, string role, params string[] branches) =>
        TestUsers.Client(BaseAddress, Warehouse.DatabasePath, user, role, branches);

    /// <summary>The server's state: users, roles, audit.</summary>
    internal ServingContext Context => Server.Services.GetRequiredService<ServingContext>();

    /// <summary>Serves <paramref name="warehouse"/> (disposed with this) with <paramref name="options"/> on a free port (its own unless set to https://).</summary>
    public static async Task<ServedWarehouse> StartAsync(CubeWarehouse warehouse, ServingOptions options)
    {
        options.Urls = options.Urls.StartsWith("https://", StringComparison.Ordinal) ? options.Urls : "http://127.0.0.1:0";
        var server = ServingHost.Build(options, warehouse.Catalog, TestUsers.Roles(), warehouse.ConnectionString);
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
