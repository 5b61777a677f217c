using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The HTTP server of <c>crmw serve</c>: Kestrel on the configured URLs (loopback by default; https:// with
/// <c>Serving:Certificate</c>) with the cube, SQL, mining, load-history and health endpoints, every one but health
/// behind sign-in. <see cref="AddCrmwEndpoints"/> lets another host (<c>crmw run</c>) serve them too.
/// </summary>
public static class ServingHost
{
    /// <summary>
    /// The server; its logs and its one line per request go to <paramref name="logger"/> (null: Serilog's static logger,
    /// silent unless set). <paramref name="loader"/> runs the loads of <c>POST /api/loads</c> (the host's batch); null: none.
    /// <paramref name="phases"/> is given each query's phases as it ends (<c>crmw bench serve</c>); null: none.
    /// </summary>
    public static WebApplication Build(ServingOptions options, CubeCatalog catalog, RoleCatalog roles, string connectionString, Serilog.ILogger? logger = null, Loads.IWarehouseLoader? loader = null, Action<QueryPhases>? phases = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(options.Urls);
        if (options.Certificate is { Path: { Length: > 0 } path } certificate)
        {
            var loaded = X509CertificateLoader.LoadPkcs12FromFile(path, certificate.Password);
            builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = loaded));
        }

        // A body over the limit is refused while it is read (413), before any of it is parsed.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes);
        builder.Services.AddRequestLogging(logger);
        builder.Services.AddCrmwEndpoints(options, catalog, roles, connectionString, logger, loader);
        var app = builder.Build();
        app.Services.GetRequiredService<ServingContext>().PhasesObserver = phases;
        app.UseRequestLogging();
        app.UseCrmwEndpoints();
        return app;
    }

    public static IServiceCollection AddCrmwEndpoints(this IServiceCollection services, ServingOptions options, CubeCatalog catalog, RoleCatalog roles, string connectionString, Serilog.ILogger? logger = null, Loads.IWarehouseLoader? loader = null)
    {
        if (!options.AllowNonLoopback && options.NonLoopbackUrls().FirstOrDefault() is { } exposed)
        {
            throw new InvalidOperationException(
                $"Serving plain HTTP on {exposed} would send every password and token across the network in clear. " +
                "Serve https:// with Serving:Certificate:Path, serve on 127.0.0.1 (the default), or set Serving:AllowNonLoopback=true when a proxy terminates TLS.");
        }

        // Built now, not at the first request: the role views are made and the sandbox locked before the server
        // listens, and a warehouse that cannot be opened stops the start. Registered through a factory so that the
        // container disposes it (which drains the query audit).
        var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        var context = new ServingContext(catalog, new CubeCompiler(), connectionString, options, roles, loggers);
        services.AddSingleton(_ => context);
        if (loader is not null)
        {
            services.AddSingleton(new Loads.ServiceLoads(loader, context.Clock, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<Loads.ServiceLoads>(loggers)));
        }

        if (options.PgWire.Enabled)
        {
            if (!options.AllowNonLoopback && !System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(options.PgWire.Host)))
            {
                throw new InvalidOperationException(
                    $"Serving PostgreSQL clients on {options.PgWire.Host} would expose the warehouse to the network. " +
                    "Listen on 127.0.0.1 (the default), or set Serving:AllowNonLoopback=true to accept that.");
            }

            var security = PgWire.PgWireSecurity.For(context);
            services.AddSingleton(provider => new PgWire.Session.PgWireService(options.Limits.QueryTimeoutSeconds, options.PgWire, security,
                provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("CrmWarehouse.Serving.PgWire")));
            services.AddHostedService(provider => provider.GetRequiredService<PgWire.Session.PgWireService>());
        }

        services.AddProblemDetails();
        services.AddWebUi();

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

    /// <summary>The web UI's static files as a browser accepting Brotli downloads them, in bytes: the page weight <c>bench ui</c> reports.</summary>
    public static long WebUiCompressedBytes(this WebApplication app) =>
        app.Services.GetRequiredService<StaticAssets>().CompressedBytes;

    public static WebApplication UseCrmwEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestBoundary>();
        app.UseMiddleware<SignIn>();
        app.MapCubesApi();
        app.MapSqlApi();
        app.MapMiningApi();
        app.MapFiguresApi();
        app.MapCustomerApi();
        app.MapLoadHealthApi();
        app.MapSessionApi();
        app.MapCubeMembers();
        app.MapWebUi();
        app.MapLoadsApi();

        // A stop interrupts a running load (its batch rolls back) before the server lets go of the warehouse; the
        // address file tells the CLI of this host where to find the service, whatever --urls it was started with.
        var context = app.Services.GetRequiredService<ServingContext>();
        ServiceAddress? address = null;
        app.Lifetime.ApplicationStarted.Register(() => address = ServiceAddress.Write(context.WarehousePath, app.Urls));
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            app.Services.GetService<Loads.ServiceLoads>()?.Stop();
            address?.Dispose();
        });
        return app;
    }
}
