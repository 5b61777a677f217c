using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;
using Microsoft.AspNetCore.Http;

namespace CrmWarehouse.Serving.Http;

/// <summary>What a query did, filled in by the endpoint as it learns it, for its row in <c>audit.query_log</c>.</summary>
internal sealed class QueryTrace(string? sql, QueryPhases phases)
{
    public string? Sql { get; set; } = sql;

    /// <summary>Where the query's time went (a Debug log line; <c>crmw bench serve</c> reads it).</summary>
    public QueryPhases Phases { get; } = phases;

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
        IResult? result = null;
        await serving.AuditAsync(http, sql, async (principal, trace) => result = await Task.Run(() => query(principal, trace), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return result!;
    }

    /// <summary>
    /// Runs the query of a request that answers with rows (ad-hoc SQL, a cube query) for the signed-in principal within the
    /// limits: one of the user's query slots (429 when none is left), a time budget from here to the answer's last byte
    /// (408 when it runs out, DuckDB interrupted; work abandoned when the client leaves), a connection set up for the
    /// principal (one kept for their role and branches, see <see cref="ServedConnections"/>), and a thread of its own since
    /// DuckDB's calls block. The query writes its answer to the response (streamed).
    /// </summary>
    public static Task RunQueryAsync(this ServingContext serving, HttpContext http, string? sql, Func<Principal, QueryTrace, ServedConnection, QueryBudget, Task> query) =>
        serving.AuditAsync(http, sql, async (principal, trace) =>
        {
            using var slot = serving.Slots.Enter("user:" + principal.User);
            using var budget = new QueryBudget(serving.Options.Limits.QueryTimeout, http.RequestAborted);
            await budget.RunAsync(token => Task.Run(
                async () =>
                {
                    trace.Phases.Mark(QueryPhase.Wait);
                    using (var connection = serving.Rent(principal))
                    {
                        trace.Phases.Mark(QueryPhase.Connect);
                        await query(principal, trace, connection, budget).ConfigureAwait(false);
                    }
                },
                token)).ConfigureAwait(false);
        });

    private static async Task AuditAsync(this ServingContext serving, HttpContext http, string? sql, Func<Principal, QueryTrace, Task> query)
    {
        var principal = SignIn.Of(http);
        var trace = new QueryTrace(sql, new QueryPhases(serving.Clock));
        trace.Phases.Add(QueryPhase.SignIn, SignIn.MillisecondsOf(http));
        var at = serving.Clock.GetUtcNow();
        var started = serving.Clock.GetTimestamp();
        try
        {
            await query(principal, trace).ConfigureAwait(false);
            trace.Phases.Mark(QueryPhase.Close);
            Record(serving, http, principal, trace, at, started, QueryOutcome.Ok, null);
            trace.Phases.Mark(QueryPhase.Audit);
            serving.ReportPhases(trace.Phases);
        }
        catch (Exception e)
        {
            var outcome = e switch
            {
                AccessDeniedException or SqlRefusedException or LimitExceededException => QueryOutcome.Refused,
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
