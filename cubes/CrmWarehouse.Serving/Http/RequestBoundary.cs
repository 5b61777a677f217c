using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serilog;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The one place a request catches: a user's mistake (unknown name, DuckDB error in their SQL, bad JSON) becomes a
/// 400 problem+json saying what is wrong, SQL the gate refuses a 403, a request over a limit a 413 or 429, a timeout
/// a 408, anything else a logged 500. The kind of
/// failure goes on the request's one log line (<see cref="RequestLogging"/>); the message does not, because DuckDB
/// quotes the user's SQL in it and the log must not hold query text.
/// </summary>
internal sealed partial class RequestBoundary(RequestDelegate next, IDiagnosticContext diagnostics, ILogger<RequestBoundary> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            RefuseOversizedBody(context);
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            diagnostics.Set("Error", "The client went away; the query was interrupted");
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var (status, title) = e switch
            {
                CubeQueryException or CubeModelException => (StatusCodes.Status400BadRequest, "Invalid cube query"),
                SqlRefusedException { Refusal: SqlRefusal.NotPermitted } => (StatusCodes.Status403Forbidden, "Statement refused"),
                SqlRefusedException { Refusal: SqlRefusal.TooLarge } => (StatusCodes.Status413PayloadTooLarge, "Statement too large"),
                SqlRefusedException { Refusal: SqlRefusal.NotSupported } => (StatusCodes.Status400BadRequest, "Not supported"),
                SqlRefusedException => (StatusCodes.Status400BadRequest, "Statement refused"),
                AccessDeniedException => (StatusCodes.Status403Forbidden, "Not permitted"),
                LimitExceededException limit => (limit.Status, "Limit exceeded"),
                TimeoutException => (StatusCodes.Status408RequestTimeout, "Query timed out"),
                _ when e.DuckDbErrorType() == DuckDBErrorType.Interrupt => (StatusCodes.Status408RequestTimeout, "Query timed out"),
                _ when e.DuckDbErrorType() == DuckDBErrorType.Permission => (StatusCodes.Status403Forbidden, "Not permitted"),
                _ when e.DuckDbErrorType() is not null => (StatusCodes.Status400BadRequest, "Query failed"),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Request too large"),
                BadHttpRequestException => (StatusCodes.Status400BadRequest, "Bad request"),
                _ => (StatusCodes.Status500InternalServerError, "Internal error"),
            };
            diagnostics.Set("Error", title);
            if (status == StatusCodes.Status500InternalServerError)
            {
                logger.LogError(e, "{RequestMethod} {RequestPath} failed", context.Request.Method, RequestLogging.Route(context));
            }

            var detail = status == StatusCodes.Status500InternalServerError ? "The server failed; the error is in its log." : WithoutHostDetails(e.Message);
            context.Response.Clear();
            await Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException || e.DuckDbErrorType() is not null)
        {
            // The answer was being streamed when the query failed or ran out of time: the status is sent, so the body is
            // cut off (the connection is aborted) and the client sees an incomplete answer rather than a short one.
            diagnostics.Set("Error", "The answer was cut off: " + e.GetType().Name);
            context.Abort();
        }
    }

    /// <summary>
    /// A body whose declared length is over Kestrel's limit is refused here, before anything reads it: the minimal API
    /// would otherwise swallow Kestrel's refusal and leave a 413 without a problem body. A chunked body that grows past
    /// the limit is still stopped by Kestrel while it is read.
    /// </summary>
    private static void RefuseOversizedBody(HttpContext context)
    {
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (context.Request.ContentLength is { } length && limit is { } max && length > max)
        {
            throw new LimitExceededException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The request body is {length:N0} bytes; at most {max:N0} are accepted."), StatusCodes.Status413PayloadTooLarge);
        }
    }

    /// <summary>
    /// A message for a client, without what it could learn about the host: DuckDB names files by their absolute path
    /// and the process holding a lock by its PID.
    /// </summary>
    internal static string WithoutHostDetails(string message) => HostDetails.Strip(message);
}
