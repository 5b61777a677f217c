using System.Globalization;
using CrmWarehouse.Serving.Loads;
using CrmWarehouse.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// Loads run by the service that holds the warehouse: <c>POST /api/loads</c> starts one (roles that may load: admin),
/// answering 202 with its id and where to follow it; <c>GET /api/loads/{id}</c> says its stage, progress and, once it
/// ends, its result. One at a time: a second POST while one runs gets 409 with the running load's id.
/// </summary>
internal static class LoadsApi
{
    /// <summary>How long a client should wait before asking again when a scheduled batch holds the writer.</summary>
    private const int RetryAfterSeconds = 10;

    public static IEndpointRouteBuilder MapLoadsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loads", Start);
        app.MapGet("/api/loads/{id}", Follow);
        return app;
    }

    /// <summary>The body of <c>POST /api/loads</c>: <c>asOf</c> yyyy-MM-dd (default: the configured default), <c>full</c>, <c>reconcileKeys</c>.</summary>
    public sealed record LoadBody(string? AsOf, bool? Full, bool? ReconcileKeys);

    public static Task<IResult> Start(LoadBody? body, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, "POST /api/loads", (principal, trace) =>
        {
            var loads = MayLoad(principal, http);
            var order = new LoadOrder(AsOf(body?.AsOf), body?.Full ?? false, body?.ReconcileKeys ?? false);
            if (loads.TryStart(order, principal.User, out var started, out var running))
            {
                return TypedResults.Accepted(Href(started!), Describe(started!));
            }

            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return running is not null
                ? TypedResults.Problem($"Load {running.Id} is running (stage {running.CurrentStage}); loads run one at a time. Follow it at {Href(running)}.",
                    statusCode: StatusCodes.Status409Conflict, title: "A load is running",
                    extensions: new Dictionary<string, object?> { ["loadId"] = running.Id, ["href"] = Href(running) })
                : TypedResults.Problem("A scheduled batch is running (or the service is stopping); loads run one at a time. Ask again when it has finished.",
                    statusCode: StatusCodes.Status409Conflict, title: "A load is running");
        }, cancellationToken);

    public static Task<IResult> Follow(string id, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, "GET /api/loads/{id}", (principal, trace) =>
        {
            var loads = MayLoad(principal, http);
            return loads.Find(id) is { } status
                ? TypedResults.Ok(Describe(status))
                : TypedResults.Problem($"No load {id} in this service (it keeps the last few; the history of batches is GET /api/loads).", statusCode: StatusCodes.Status404NotFound, title: "Unknown load");
        }, cancellationToken);

    private static ServiceLoads MayLoad(Principal principal, HttpContext http)
    {
        if (!principal.Role.MayLoad)
        {
            throw new AccessDeniedException($"Loads are for roles that may load (admin); role {principal.Role.Name} may not.");
        }

        return http.RequestServices.GetService<ServiceLoads>()
            ?? throw new LoadsNotServedException("This server does not run loads (a bare server); `crmw serve` and `crmw run` do.");
    }

    private static DateOnly? AsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new BadHttpRequestException($"asOf '{text}' is not a date as yyyy-MM-dd.");
    }

    private static string Href(LoadStatus status) => "/api/loads/" + status.Id;

    private static object Describe(LoadStatus status) => new
    {
        id = status.Id,
        href = Href(status),
        state = status.State,
        stage = status.CurrentStage,
        progress = status.Progress is { } p ? new { table = p.Table, rows = p.Rows } : null,
        full = status.Order.Full,
        requestedAsOf = status.Order.AsOf,
        requestedBy = status.RequestedBy,
        startedAt = status.StartedAt,
        finishedAt = status.FinishedAt,
        batchId = status.Outcome?.BatchId,
        asOf = status.Outcome?.AsOf,
        exitCode = status.Outcome?.ExitCode,
        error = status.Outcome?.Error,
        summary = status.Outcome?.Summary,
    };
}

/// <summary>A server built without a loader was asked for a load.</summary>
internal sealed class LoadsNotServedException(string message) : InvalidOperationException(message);
