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

    public static Task<IResult> RunSql(SqlRequest request, string? format, ServingContext context, CancellationToken cancellationToken) =>
        Run(context, request.Sql, format, cancellationToken);

    /// <summary>The batches, newest first, with rows and seconds per stage and why a failed one failed.</summary>
    public static Task<IResult> Loads(int? limit, ServingContext context, CancellationToken cancellationToken) =>
        Task.Run<IResult>(async () =>
        {
            var count = Math.Clamp(limit ?? 50, 1, context.Options.MaxRows);
            using var connection = context.Open();
            using var audit = WarehouseData.Over(connection);
            var batches = await audit.Batches.OrderByDescending(b => b.BatchId).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
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

    private static async Task<IResult> Run(ServingContext context, string sql, string? format, CancellationToken cancellationToken) =>
        await Task.Run(() =>
        {
            using var connection = context.Open();
            ReadOnlySqlGate.Check(connection, sql);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = context.Options.QueryTimeoutSeconds;
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, cancellationToken);
            var table = ResultTable.Read(reader, context.Options.MaxRows);
            return table.ToResult(format, "result");
        }, cancellationToken).ConfigureAwait(false);
}
