using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.DuckDb;
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

    public static Task<IResult> RunSql(SqlRequest request, string? format, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, request.Sql, (principal, trace) =>
        {
            using var connection = context.Open(principal);
            // The role's scope first: it only parses, so a relation the role may not see is refused before DuckDB binds
            // the query (whose errors would name the schemas that do have it).
            trace.Relations = [.. QueryRelations.Check(connection, request.Sql, principal.Scope).Select(r => r.ToString())];
            ReadOnlySqlGate.Check(connection, request.Sql);
            using var command = connection.CreateCommand();
            command.CommandText = request.Sql;
            command.CommandTimeout = context.Options.QueryTimeoutSeconds;
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, cancellationToken);
            var table = ResultTable.Read(reader, context.Options.MaxRows);
            trace.Rows = table.Rows.Count;
            return table.ToResult(format, "result");
        }, cancellationToken);

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
            var count = Math.Clamp(limit ?? 50, 1, context.Options.MaxRows);
            using var connection = context.Open();
            using var audit = WarehouseData.Over(connection);
            var batches = await audit.Batches.OrderByDescending(b => b.BatchId).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
            trace.Rows = batches.Count;
            return ResultTable.From(
                batches.Select(b => new { b.BatchId, b.Kind, b.Status, b.Trigger, b.StartedAt, b.FinishedAt, Seconds = Seconds(b), b.StageRows, b.StageSeconds, b.Error }),
                count).ToResult(null, "loads");
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
