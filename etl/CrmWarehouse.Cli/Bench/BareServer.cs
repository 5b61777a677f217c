using System.Collections.Concurrent;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The "security off" side of `crmw bench serve`, never served for real: SQL run as sent and cube queries compiled
/// and run, written by the same <see cref="ResultWriter"/> into the same answer (a cube's header and column descriptions
/// included), with no gate, time budget, query slots, caps, sign-in, masking views or audit. As on the served host, SQL
/// runs on connections kept between requests with their <see cref="StatementPlans"/>, and a cube query on a connection
/// of its own. What the served host takes longer than this is what its security costs.
/// </summary>
internal static class BareServer
{
    private sealed record SqlBody(string Sql);

    public static WebApplication Build(CubeCatalog catalog, string connectionString, ServePhases phases)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        var app = builder.Build();
        var compiler = new CubeCompiler();
        var kept = new ConcurrentStack<(DuckDBConnection Connection, StatementPlans Plans)>();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            while (kept.TryPop(out var idle))
            {
                idle.Connection.Dispose();
            }
        });
        app.MapPost("/sql", (SqlBody body, HttpContext http) => Answer(http, connectionString, phases, kept, (connection, plans) =>
        {
            var command = plans!.Command(connection, body.Sql);
            return (command, reader => new ResultAnswer(ResultTable.Columns(reader), ResultTable.Rows(reader, http.RequestAborted), long.MaxValue, long.MaxValue, null, "result"));
        }));
        app.MapPost("/cube/{name}", (string name, CubeQuery query, HttpContext http) => Answer(http, connectionString, phases, kept: null, (connection, _) =>
        {
            connection.BeginTransaction();
            var compiled = compiler.Compile(catalog.Get(name), query, connection);
            return (compiled.CreateCommand(connection), reader => new ResultAnswer(ResultTable.Columns(reader), ResultTable.Rows(reader, http.RequestAborted), long.MaxValue, long.MaxValue, null, compiled.Cube, json =>
            {
                json.WriteString("cube", compiled.Cube);
                json.WriteString("rollup", compiled.Rollup);
            }, compiled.Columns));
        }));
        return app;
    }

    private static Task Answer(
        HttpContext http, string connectionString, ServePhases phases, ConcurrentStack<(DuckDBConnection Connection, StatementPlans Plans)>? kept,
        Func<DuckDBConnection, StatementPlans?, (DuckDBCommand Command, Func<DuckDBDataReader, ResultAnswer> Answer)> prepare)
    {
        var timing = new QueryPhases(TimeProvider.System);
        return Task.Run(async () =>
        {
            timing.Mark(QueryPhase.Wait);
            if (kept is null || !kept.TryPop(out var served))
            {
                var connection = new DuckDBConnection(connectionString);
                connection.Open();

                // Unqualified names read the star schema, as the secured side's analyst reads its views of it.
                connection.Execute("SET search_path = 'dw'", http.RequestAborted);
                served = (connection, new StatementPlans());
            }

            timing.Mark(QueryPhase.Connect);
            try
            {
                var (command, answer) = prepare(served.Connection, kept is null ? null : served.Plans);
                timing.Mark(QueryPhase.Check);
                using (command)
                {
                    command.UseStreamingMode = true;
                    using var reader = command.ExecuteReader();
                    timing.Mark(QueryPhase.Execute);
                    await ResultWriter.WriteAsync(http.Response, answer(reader), http.RequestAborted).ConfigureAwait(false);
                    timing.Mark(QueryPhase.Write);
                }
            }
            catch
            {
                served.Connection.Dispose();
                throw;
            }

            if (kept is null)
            {
                served.Connection.Dispose();
            }
            else
            {
                kept.Push(served);
            }

            timing.Mark(QueryPhase.Close);
            phases.Bare(timing);
        });
    }
}
