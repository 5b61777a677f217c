using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// One Serilog line per HTTP request (Serilog.AspNetCore's request logging): method, route, status, milliseconds and
/// the request id (ASP.NET Core's <c>TraceIdentifier</c>; other events of the request carry it too). Nothing
/// a user sent or got back is logged: no query string, body, SQL text or result, and the path is the route pattern
/// (<c>/api/mining/customers/{id:long}</c>), so not even a customer key reaches the log.
/// </summary>
internal static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>Serilog as the host's logger (null: the static <see cref="Log.Logger"/>), with its diagnostic context.</summary>
    public static IServiceCollection AddRequestLogging(this IServiceCollection services, Serilog.ILogger? logger) =>
        services.AddSerilog(logger, dispose: false);

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = MessageTemplate;
            options.IncludeQueryInRequestPath = false;
            options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("RequestId", context.TraceIdentifier);
            options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(Route(context))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
        });
        return app;
    }

    /// <summary>The route pattern the request matched; an unmatched path is typed by the caller, so it is not logged.</summary>
    public static string Route(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : "(no route)";
}
