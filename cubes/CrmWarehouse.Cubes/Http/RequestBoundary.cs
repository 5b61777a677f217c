using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Sql;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cubes.Http;

/// <summary>
/// The one place a request catches: a user's mistake (unknown name, refused SQL, DuckDB error in their SQL, bad
/// JSON) becomes a 400 problem+json saying what is wrong, a timeout a 408, anything else a logged 500.
/// </summary>
internal sealed class RequestBoundary(RequestDelegate next, ILogger<RequestBoundary> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("{Method} {Path}: the client went away; the query was interrupted", context.Request.Method, context.Request.Path);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var (status, title) = e switch
            {
                CubeQueryException or CubeModelException => (StatusCodes.Status400BadRequest, "Invalid cube query"),
                SqlRefusedException => (StatusCodes.Status400BadRequest, "Statement refused"),
                DuckDbException { ErrorType: DuckDbErrorType.Interrupt } or DuckDbException when e.Message.Contains("timed out", StringComparison.Ordinal)
                    => (StatusCodes.Status408RequestTimeout, "Query timed out"),
                DuckDbException { ErrorType: DuckDbErrorType.Permission } => (StatusCodes.Status403Forbidden, "Not permitted"),
                DuckDbException => (StatusCodes.Status400BadRequest, "Query failed"),
                BadHttpRequestException => (StatusCodes.Status400BadRequest, "Bad request"),
                _ => (StatusCodes.Status500InternalServerError, "Internal error"),
            };
            if (status == StatusCodes.Status500InternalServerError)
            {
                logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            else
            {
                logger.LogInformation("{Method} {Path}: {Status} {Error}", context.Request.Method, context.Request.Path, status, e.Message);
            }

            var detail = status == StatusCodes.Status500InternalServerError ? "The server failed; the error is in its log." : e.Message;
            await Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
