using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using LinqToDB.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>Read-only SQL, load history and health: <c>POST /api/sql</c>, <c>GET /api/loads</c>, <c>GET /health</c>.</summary>
internal static class SqlApi
{
    public static IEndpointRouteBuilder MapSqlApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sql", RunSql);
        app.MapGet("/api/loads", Loads);
        app.MapGet("/health", Health);
        return app;
    }

    /// <summary>The body of <c>POST /api/sql</c>.</summary>
    public sealed record SqlRequest(string Sql);

    /// <summary>
    /// Runs one SELECT that <see cref="SqlGate"/> lets through for the signed-in user's role (its views; admin also the
    /// warehouse's schemas), within the limits of <see cref="AuditedQuery.RunQueryAsync"/>, streaming the answer. The gate
    /// only parses, so a relation the role may not see is refused before DuckDB binds the query (whose errors would name
    /// the schemas that do have it).
    /// </summary>
    public static Task RunSql(SqlRequest request, string? format, HttpContext http, ServingContext context) =>
        context.RunQueryAsync(http, request.Sql, async (principal, trace, served, budget) =>
        {
            var connection = served.Connection;
            var limits = context.Options.Limits;
            var gated = SqlGate.Check(connection, request.Sql ?? string.Empty, principal.Scope.Sql, limits.Gate, budget.Token, context.CubeRelationsFor(principal));
            trace.Relations = gated.Relations;
            trace.Phases.Mark(QueryPhase.Check);

            // A SELECT on a cube relation runs as its compiled cube query, rollups and answer from one snapshot (as the cube
            // API, which says why the connection's close ends it).
            if (gated.Cube is not null)
            {
                _ = connection.BeginTransaction();
            }

            // A SELECT runs from the connection's kept plan once the connection has seen it (StatementPlans); EXPLAIN as sent.
            using var command = gated.Cube is { } cube ? CubeCommand(context, connection, cube, principal, trace)
                : gated.IsExplain ? new DuckDBCommand(request.Sql!, connection)
                : served.Plans.Command(connection, request.Sql!);

            command.UseStreamingMode = true;
            using (var interrupt = budget.Interrupt(command))
            {
                using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, budget.Token);
                trace.Phases.Mark(QueryPhase.Execute);
                var answer = new ResultAnswer(ResultTable.Columns(reader), ResultTable.Rows(reader, budget.Token), limits.MaxRows, limits.MaxResultBytes, format, "result");
                trace.Rows = await ResultWriter.WriteAsync(http.Response, answer, budget.Token).ConfigureAwait(false);
            }

            trace.Phases.Mark(QueryPhase.Write);

            // Kept only when the answer was written whole (a failed or interrupted query's connection is closed, its plans with
            // it), no transaction is open (a cube relation's SELECT began a snapshot, which only closing the connection ends),
            // and the budget did not end in the meantime: its interrupt may have reached the connection after the last row, and
            // DuckDB would take it out on the next query there.
            if (gated.Cube is null && !budget.Token.IsCancellationRequested)
            {
                served.KeepForReuse();
            }
        });


    /// <summary>The command answering a SELECT on a cube relation; the query log keeps the text as sent and names the cube and the table read.</summary>
    private static DuckDBCommand CubeCommand(ServingContext context, DuckDBConnection connection, CubeSqlStatement cube, Principal principal, QueryTrace trace)
    {
        var run = context.CompileCubeSql(connection, cube, principal, []);
        trace.ParametersHash = QueryRecord.HashParameters(run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
        trace.Relations = run.ReadFrom is { } table ? [cube.Relation.Name, table] : [cube.Relation.Name];
        return run.CreateCommand(connection);
    }

    /// <summary>The batches, newest first, with rows and seconds per stage and why a failed one failed.</summary>
    public static Task<IResult> Loads(int? limit, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, "GET /api/loads", async (principal, trace) =>
        {
            // The batches are audit.batch: the roles that see it through their views (admin, auditor) see this.
            if (!principal.Scope.HasView("batch"))
            {
                throw new AccessDeniedException($"The load history is for roles that see audit.batch; role {principal.Role.Name} does not.");
            }

            trace.Relations = ["audit.batch"];
            var count = Math.Clamp(limit ?? 50, 1, context.Options.Limits.MaxRows);
            using var connection = context.Open();
            using var audit = WarehouseData.Over(connection);
            var batches = await audit.Batches.OrderByDescending(b => b.BatchId).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
            trace.Rows = batches.Count;
            return ResultTable.From(
                batches.Select(b => new { b.BatchId, b.Kind, b.Status, b.Trigger, b.StartedAt, b.FinishedAt, Seconds = Seconds(b), b.StageRows, b.StageSeconds, b.Error }),
                context.Options.Limits, count, null, "loads");
        }, cancellationToken);

    /// <summary>Whole milliseconds between start and finish, in seconds (as DuckDB's date_diff counts them).</summary>
    private static double? Seconds(BatchRecord batch) =>
        batch.FinishedAt is { } finished ? (finished.ToUnixTimeMilliseconds() - batch.StartedAt.ToUnixTimeMilliseconds()) / 1000.0 : null;

    public static async Task<IResult> Health(ServingContext context, CancellationToken cancellationToken) =>
        await Task.Run(() =>
        {
            using var connection = context.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT max(version) FROM audit.schema_version";
            return TypedResults.Ok(new { status = "ok", warehouse = context.WarehouseIdentity, schemaVersion = command.ExecuteScalar(), cubes = context.Catalog.Cubes.Count });
        }, cancellationToken).ConfigureAwait(false);
}
