using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>Cube metadata and cube queries: <c>GET /api/cubes</c>, <c>GET /api/cubes/{name}</c>, <c>POST /api/cubes/{name}/query</c>.</summary>
internal static class CubesApi
{
    public static IEndpointRouteBuilder MapCubesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cubes");
        api.MapGet("/", ListCubes);
        api.MapGet("/{name}", GetCube);
        api.MapPost("/{name}/query", QueryCube);
        return app;
    }

    public static IResult ListCubes(ServingContext context) =>
        TypedResults.Ok(context.Catalog.Cubes.Select(c => new { c.Name, c.Description, measures = c.Measures.Count, dimensions = c.Dimensions.Count }));

    public static IResult GetCube(string name, ServingContext context) => TypedResults.Ok(Describe(context.Catalog.Get(name)));

    /// <summary>Runs a cube query; <c>?explain=true</c> returns the SQL and the rollup instead, <c>?format=csv</c> a download.</summary>
    public static Task<IResult> QueryCube(string name, CubeQuery query, string? format, bool? explain, HttpContext http, ServingContext context, CancellationToken cancellationToken) =>
        context.RunAsync(http, $"cube {name}", (principal, trace) =>
        {
            if (!principal.Role.MayQueryCubes)
            {
                throw new AccessDeniedException($"Role {principal.Role.Name} may not query cubes; it reads its views with POST /api/sql.");
            }

            using var connection = context.Open(principal);

            // One transaction: the rollups looked up and the answer come from the same snapshot, even while a load publishes.
            using var snapshot = connection.BeginTransaction();
            var compiled = context.Compile(connection, name, query, principal);
            (trace.Sql, trace.ParametersHash) = (compiled.Sql, QueryRecord.HashParameters(compiled.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)));
            trace.Relations = [ReadFrom(context.Catalog.Get(name), compiled, principal)];
            if (explain == true)
            {
                return TypedResults.Ok(new { cube = compiled.Cube, rollup = compiled.Rollup, sql = compiled.Sql, parameters = compiled.Parameters });
            }

            using var command = compiled.CreateCommand(connection);
            command.CommandTimeout = context.Options.QueryTimeoutSeconds;
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, cancellationToken);
            var table = ResultTable.Read(reader, context.Options.MaxRows);
            trace.Rows = table.Rows.Count;
            return table.ToResult(format, compiled.Cube, json =>
            {
                json.WriteString("cube", compiled.Cube);
                json.WriteString("rollup", compiled.Rollup);
            });
        }, cancellationToken);

    /// <summary>The table the answer came from, for the query log: the rollup, the fact, or the fact's view of a branch-filtered role.</summary>
    private static string ReadFrom(CubeDefinition cube, CompiledQuery compiled, Principal principal) =>
        compiled.Rollup is { } rollup ? $"agg.{cube.Name}__{rollup}"
        : principal.Role.FiltersByBranch ? $"{principal.Role.ViewSchema}.{cube.Fact[(cube.Fact.LastIndexOf('.') + 1)..]}"
        : cube.Fact;

    private static object Describe(CubeDefinition cube) => new
    {
        cube.Name,
        cube.Description,
        measures = cube.Measures.Select(m => new { m.Name, kind = m.KindName, m.Format, m.Unit, m.Description }),
        dimensions = cube.Dimensions.Select(d => new { d.Name, d.Description, levels = d.Levels.Select(l => new { name = l.Id, l.Description }) }),
        rollups = cube.Rollups.Select(r => new { r.Name, r.Levels, r.Measures }),
    };
}
