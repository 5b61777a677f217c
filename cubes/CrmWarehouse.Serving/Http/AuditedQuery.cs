using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;
using Microsoft.AspNetCore.Http;

namespace CrmWarehouse.Serving.Http;

/// <summary>What a query did, filled in by the endpoint as it learns it, for its row in <c>audit.query_log</c>.</summary>
internal sealed class QueryTrace(string? sql)
{
    public string? Sql { get; set; } = sql;

    public string? ParametersHash { get; set; }

    public IReadOnlyList<string> Relations { get; set; } = [];

    public long? Rows { get; set; }
}

/// <summary>
/// Runs an endpoint's query for the signed-in principal on its own thread (DuckDB calls block) and records it in the
/// query audit whatever its outcome, then lets an error go on to the request boundary.
/// </summary>
internal static class AuditedQuery
{
    private const int MostReasonCharacters = 500;

    public static Task<IResult> RunAsync(this ServingContext serving, HttpContext http, string? sql, Func<Principal, QueryTrace, IResult> query, CancellationToken cancellationToken) =>
        serving.RunAsync(http, sql, (principal, trace) => Task.FromResult(query(principal, trace)), cancellationToken);

    public static async Task<IResult> RunAsync(this ServingContext serving, HttpContext http, string? sql, Func<Principal, QueryTrace, Task<IResult>> query, CancellationToken cancellationToken)
    {
        var principal = SignIn.Of(http);
        var trace = new QueryTrace(sql);
        var at = serving.Clock.GetUtcNow();
        var started = serving.Clock.GetTimestamp();
        try
        {
            var result = await Task.Run(() => query(principal, trace), cancellationToken).ConfigureAwait(false);
            Record(serving, http, principal, trace, at, started, QueryOutcome.Ok, null);
            return result;
        }
        catch (Exception e)
        {
            var outcome = e switch
            {
                AccessDeniedException or SqlRefusedException => QueryOutcome.Refused,
                TimeoutException or OperationCanceledException => QueryOutcome.Timeout,
                _ when e.DuckDbErrorType() is DuckDBErrorType.Interrupt => QueryOutcome.Timeout,
                _ when e.DuckDbErrorType() is DuckDBErrorType.Permission => QueryOutcome.Refused,
                _ => QueryOutcome.Error,
            };
            var reason = RequestBoundary.WithoutHostDetails(e.Message);
            Record(serving, http, principal, trace, at, started, outcome, reason.Length > MostReasonCharacters ? reason[..MostReasonCharacters] : reason);
            throw;
        }
    }

    private static void Record(ServingContext serving, HttpContext http, Principal principal, QueryTrace trace, DateTimeOffset at, long started, QueryOutcome outcome, string? reason) =>
        serving.Audit.Record(new QueryRecord(
            at, principal.User, principal.Role.Name, QueryRecord.Http, http.Connection.RemoteIpAddress?.ToString(),
            trace.Sql, trace.ParametersHash, trace.Relations, trace.Rows, serving.Clock.GetElapsedTime(started).TotalMilliseconds, outcome, reason));
}
