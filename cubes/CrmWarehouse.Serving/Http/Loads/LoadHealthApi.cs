using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// One batch's health beside the history of <c>GET /api/loads</c>: <c>GET /api/loads/latest</c> (the latest published
/// batch) and <c>GET /api/loads/{batchId}</c> answer with the batch, its rows per source table with the reconciliation
/// (extracted = loaded + rejected + merged) and its rejects counted by rule. For the roles that see the audit trail
/// (admin, auditor), read through their views; rejected raw values are never part of it.
/// </summary>
internal static class LoadHealthApi
{
    public static IEndpointRouteBuilder MapLoadHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/loads/latest", (HttpContext http, ServingContext context, CancellationToken ct) => Health(null, http, context, ct));
        app.MapGet("/api/loads/{batchId:long}", (long batchId, HttpContext http, ServingContext context, CancellationToken ct) => Health(batchId, http, context, ct));
        return app;
    }

    private static Task<IResult> Health(long? batchId, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, RequestLogging.Route(http), (principal, trace) =>
        {
            using var connection = context.Open(principal);
            using var snapshot = connection.BeginTransaction();
            var rows = new ViewRows(connection, principal, trace, context.Options.Limits.MaxRows);
            rows.Require("the load health", "batch", "reconciliation", "rejects");
            var batch = rows.One("load_batch", ["batch"], cancellationToken, ("batch_id", batchId));
            if (batch is null)
            {
                return TypedResults.Problem(batchId is null ? "No batch has been published yet: run crmw load." : $"No batch {batchId}; GET /api/loads lists them.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            var id = ("batch_id", (object?)batch["batch_id"]);
            return TypedResults.Ok(new
            {
                batch,
                reconciliation = rows.Read("load_reconciliation", ["reconciliation"], cancellationToken, id),
                rejects = rows.Read("load_rejects", ["rejects"], cancellationToken, id),
            });
        }, cancellationToken);
}
