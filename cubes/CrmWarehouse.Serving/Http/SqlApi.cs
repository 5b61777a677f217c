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

    /// <summary>
    /// Runs one SELECT that <see cref="SqlGate"/> lets through for the warehouse's schemas (<see cref="SqlScope.Warehouse"/>;
    /// a signed-in user's role will give its own scope), within the limits of <see cref="ServingContext.RunQueryAsync"/>,
    /// streaming the answer.
    /// </summary>
    public static Task RunSql(SqlRequest request, string? format, HttpContext http, ServingContext context) =>
        Run(http, context, request.Sql, SqlScope.Warehouse, format);

    public static Task Run(HttpContext http, ServingContext context, string? sql, SqlScope scope, string? format) =>
        context.RunQueryAsync(http, async (connection, budget) =>
        {
            var limits = context.Options.Limits;
            SqlGate.Check(connection, sql ?? string.Empty, scope, limits.Gate, budget.Token);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.UseStreamingMode = true;
            using var interrupt = budget.Interrupt(command);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, budget.Token);
            var answer = new ResultAnswer(ResultTable.Columns(reader), ResultTable.Rows(reader, budget.Token), limits.MaxRows, limits.MaxResultBytes, format, "result");
            await ResultWriter.WriteAsync(http.Response, answer, budget.Token).ConfigureAwait(false);
        });

    /// <summary>The batches, newest first, with rows and seconds per stage and why a failed one failed.</summary>
    public static Task<IResult> Loads(int? limit, ServingContext context, CancellationToken cancellationToken) =>
        Task.Run<IResult>(async () =>
        {
            var count = Math.Clamp(limit ?? 50, 1, context.Options.Limits.MaxRows);
            using var connection = context.Open();
            using var audit = WarehouseData.Over(connection);
            var batches = await audit.Batches.OrderByDescending(b => b.BatchId).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
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
