using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// <c>GET /api/cubes/{name}/members/{level}[?lang=en]</c>: the members of a level that have facts in the cube, in the
/// level's order, each with its key (what a filter compares with) and caption; for the explorer's filters. It is a cube
/// query by that level (the cube's first plain count or sum as the measure), so it runs through the caller's role as
/// every cube query does: a branch manager sees the members of their branches' rows only, and it is audited.
/// </summary>
internal static class CubeMembersApi
{
    public static IEndpointRouteBuilder MapCubeMembers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cubes/{name}/members/{level}", Members);
        return app;
    }

    public static Task Members(string name, string level, string? lang, HttpContext http, ServingContext context)
    {
        var cube = context.Catalog.Get(name);
        if (!cube.Dimensions.SelectMany(d => d.Levels).Any(l => l.Id == level))
        {
            throw new CubeQueryException($"Cube '{name}' has no level '{level}'. Levels: {string.Join(", ", cube.Dimensions.SelectMany(d => d.Levels).Select(l => l.Id))}.");
        }

        var measure = cube.Measures.FirstOrDefault(m => m.Kind is MeasureKind.Count or MeasureKind.Sum) ?? cube.Measures[0];
        var query = new CubeQuery { Measures = [measure.Name], By = [level], Language = lang == "en" ? "en" : "zh" };
        return context.RunQueryAsync(http, $"members {name} {level}", async (principal, trace, served, budget) =>
        {
            // Its snapshot transaction ends with the connection, which is closed after the answer, never kept.
            var connection = served.Connection;
            if (!principal.Role.MayQueryCubes)
            {
                throw new AccessDeniedException($"Role {principal.Role.Name} may not query cubes.");
            }

            using var snapshot = connection.BeginTransaction();
            var compiled = context.Compile(connection, name, query, principal);
            (trace.Sql, trace.ParametersHash) = (compiled.Sql, QueryRecord.HashParameters(compiled.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)));
            using var command = compiled.CreateCommand(connection);
            using var interrupt = budget.Interrupt(command);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, budget.Token);
            var columns = ResultTable.Columns(reader);
            var key = columns.Select(c => c.Name).ToList().IndexOf(level);
            var caption = columns.Select(c => c.Name).ToList().IndexOf(level + ":caption");
            var answer = new ResultAnswer(
                [("key", columns[key].Type), ("caption", "VARCHAR")],
                ResultTable.Rows(reader, budget.Token).Select(row => new[] { row[key], row[caption] }),
                context.Options.Limits.MaxRows,
                context.Options.Limits.MaxResultBytes,
                null,
                "members",
                json => json.WriteString("level", level));
            trace.Rows = await ResultWriter.WriteAsync(http.Response, answer, budget.Token).ConfigureAwait(false);
        });
    }
}
