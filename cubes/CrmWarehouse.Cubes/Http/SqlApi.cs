using CrmWarehouse.Cubes.Sql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Cubes.Http;

/// <summary>Read-only SQL, load history and health: <c>POST /api/sql</c>, <c>GET /api/loads</c>, <c>GET /health</c>.</summary>
internal static class SqlApi
{
    private static readonly string LoadHistory = ReadResource("LoadHistory.sql");

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
        Run(context, request.Sql, null, format, gate: true, cancellationToken);

    public static Task<IResult> Loads(int? limit, ServingContext context, CancellationToken cancellationToken) =>
        Run(context, LoadHistory, new Dictionary<string, object> { ["limit"] = Math.Clamp(limit ?? 50, 1, context.Options.MaxRows) }, null, gate: false, cancellationToken);

    public static async Task<IResult> Health(ServingContext context, CancellationToken cancellationToken) =>
        await Task.Run(() =>
        {
            using var connection = context.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT max(version) FROM audit.schema_version";
            return TypedResults.Ok(new { status = "ok", warehouse = context.WarehouseIdentity, schemaVersion = command.ExecuteScalar(), cubes = context.Catalog.Cubes.Count });
        }, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> Run(ServingContext context, string sql, Dictionary<string, object>? parameters, string? format, bool gate, CancellationToken cancellationToken) =>
        await Task.Run(() =>
        {
            using var connection = context.Open();
            if (gate)
            {
                ReadOnlySqlGate.Check(connection, sql);
            }

            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = context.Options.QueryTimeoutSeconds;
            foreach (var (name, value) in parameters ?? [])
            {
                command.Parameters.Add(name, value);
            }

            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, cancellationToken);
            var table = ResultTable.Read(reader, context.Options.MaxRows);
            return table.ToResult(format, "result");
        }, cancellationToken).ConfigureAwait(false);

    private static string ReadResource(string name)
    {
        using var stream = typeof(SqlApi).Assembly.GetManifestResourceStream($"Cubes/{name}")
            ?? throw new InvalidOperationException($"Embedded SQL Cubes/{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
