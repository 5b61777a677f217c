using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
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
        TypedResults.Ok(context.Catalog.Cubes.Select(c => new { c.Name, c.Description, measures = c.Measures.Count, dimensions = c.Dimensions.Count, relation = context.CubeRelations.Find(c.Name)?.Name }));

    public static IResult GetCube(string name, ServingContext context) => TypedResults.Ok(Describe(context.Catalog.Get(name), context.CubeRelations.Find(name)));

    /// <summary>
    /// Runs a cube query for the signed-in user's role within the limits of <see cref="AuditedQuery.RunQueryAsync"/>,
    /// streaming the answer; <c>?explain=true</c> returns the SQL and the rollup instead, <c>?format=csv</c> a download.
    /// </summary>
    public static Task QueryCube(string name, CubeQuery query, string? format, bool? explain, HttpContext http, ServingContext context)
    {
        var limits = context.Options.Limits;
        var values = FilterValues(query.Where);
        if (values > limits.MaxFilterValues)
        {
            throw new LimitExceededException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The filters of this query hold {values:N0} values; at most {limits.MaxFilterValues:N0} are taken in one cube query. Filter on a coarser level instead."),
                StatusCodes.Status413PayloadTooLarge);
        }

        return context.RunQueryAsync(http, $"cube {name}", async (principal, trace, served, budget) =>
        {
            // Its snapshot transaction ends with the connection, which is closed after the answer, never kept.
            var connection = served.Connection;
            if (!principal.Role.MayQueryCubes)
            {
                throw new AccessDeniedException($"Role {principal.Role.Name} may not query cubes; it reads its views with POST /api/sql.");
            }

            // One transaction: the rollups looked up and the answer come from the same snapshot, even while a load publishes.
            // The request's connection is closed right after the answer, which ends it: a read-only snapshot has nothing to
            // roll back, and an explicit ROLLBACK would be one more statement on every query (0.1–0.2 ms).
            _ = connection.BeginTransaction();
            var compiled = context.Compile(connection, name, query, principal);
            (trace.Sql, trace.ParametersHash) = (compiled.Sql, QueryRecord.HashParameters(compiled.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)));
            trace.Relations = [ServingContext.ReadFrom(context.Catalog.Get(name), compiled, principal)];
            trace.Phases.Mark(QueryPhase.Check);
            if (explain == true)
            {
                await TypedResults.Ok(new { cube = compiled.Cube, rollup = compiled.Rollup, sql = compiled.Sql, parameters = compiled.Parameters }).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            using var command = compiled.CreateCommand(connection);
            command.UseStreamingMode = true;
            using var interrupt = budget.Interrupt(command);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, budget.Token);
            trace.Phases.Mark(QueryPhase.Execute);
            var answer = new ResultAnswer(ResultTable.Columns(reader), ResultTable.Rows(reader, budget.Token), limits.MaxRows, limits.MaxResultBytes, format, compiled.Cube, json =>
            {
                json.WriteString("cube", compiled.Cube);
                json.WriteString("rollup", compiled.Rollup);
            }, compiled.Columns);
            trace.Rows = await ResultWriter.WriteAsync(http.Response, answer, budget.Token).ConfigureAwait(false);
            trace.Phases.Mark(QueryPhase.Write);
        });
    }

    /// <summary>How many values the filters hold, those inside and/or/not included.</summary>
    private static int FilterValues(IReadOnlyList<CubeFilter?>? filters) =>
        (filters ?? []).Sum(filter => (filter?.Values?.Count ?? 0) + FilterValues(filter?.Filters));

    private static object Describe(CubeDefinition cube, CubeRelation? relation) => new
    {
        cube.Name,
        cube.Description,
        measures = cube.Measures.Select(m => new { m.Name, kind = m.KindName, time = m.Time.ToString().ToLowerInvariant(), m.Format, m.Unit, m.Description }),
        dimensions = cube.Dimensions.Select(d => new
        {
            d.Name, d.Description, hierarchy = d.Hierarchy,
            levels = d.Levels.Select(l => new { name = l.Id, l.Description, grain = l.Grain?.ToString().ToLowerInvariant(), members = l.Members }),
        }),
        modifiers = new[] { "prior", "ly", "ytd", "qtd", "mtd", "rolling3", "rolling12", "growth", "growth_ly" },
        rollups = cube.Rollups.Select(r => new { r.Name, r.Levels, r.Measures }),

        // The same cube as a relation of POST /api/sql and the PostgreSQL port (SELECT levels, measures FROM cubes.<cube> GROUP BY levels).
        sql = relation is null ? null : new
        {
            relation = relation.Name,
            columns = relation.Columns.Select(c => new { c.Name, kind = c.Kind.ToString().ToLowerInvariant(), type = c.SqlType }),
        },
    };
}
