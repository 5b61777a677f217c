using System.Text.Json;
using System.Text.Json.Serialization;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The HTTP server of <c>crmw serve</c>: Kestrel on the configured URLs (loopback by default) with the cube, SQL,
/// load-history and health endpoints. <see cref="AddCrmwEndpoints"/> lets another host (<c>crmw run</c>) serve them too.
/// </summary>
public static class ServingHost
{
    /// <summary>The server; its logs and its one line per request go to <paramref name="logger"/> (null: Serilog's static logger, silent unless set).</summary>
    public static WebApplication Build(ServingOptions options, CubeCatalog catalog, string connectionString, Serilog.ILogger? logger = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddRequestLogging(logger);
        builder.Services.AddCrmwEndpoints(options, catalog, connectionString);
        var app = builder.Build();
        app.UseRequestLogging();
        app.UseCrmwEndpoints();
        return app;
    }

    public static IServiceCollection AddCrmwEndpoints(this IServiceCollection services, ServingOptions options, CubeCatalog catalog, string connectionString)
    {
        if (!options.AllowNonLoopback && options.NonLoopbackUrls().FirstOrDefault() is { } exposed)
        {
            throw new InvalidOperationException(
                $"Serving on {exposed} would let anyone on the network run SQL over customers' personal data: the endpoints have no sign-in yet. " +
                "Serve on 127.0.0.1 (the default), or set Serving:AllowNonLoopback=true to accept that.");
        }

        // Built now, not at the first request: the sandbox is locked before the server listens, and a warehouse that
        // cannot be opened stops the start. Registered through a factory so that the container disposes it.
        var context = new ServingContext(catalog, new CubeCompiler(), connectionString, options);
        services.AddSingleton(_ => context);
        services.AddProblemDetails();

        // Malformed JSON, a missing body or a wrong parameter type reach the request boundary as exceptions, so that
        // they get a problem+json 400 saying what was wrong instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        return services;
    }

    public static WebApplication UseCrmwEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestBoundary>();
        app.MapCubesApi();
        app.MapSqlApi();
        app.MapMiningApi();
        return app;
    }
}
