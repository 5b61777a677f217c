using System.CommandLine;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw sql "&lt;query&gt;"`: runs SQL on the warehouse file and prints the result.</summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "SQL to run (several statements separated by ';' are allowed; the last result is printed)." };
        var database = CliOptions.Database();
        var format = new Option<ResultFormat>("--format") { Description = "Output format.", DefaultValueFactory = _ => ResultFormat.Table };
        var timings = new Option<bool>("--timings") { Description = "Print how long each statement took (to stderr), for profiling scripts." };
        var local = CliOptions.Local();
        var urls = CliOptions.ServiceUrls();
        var command = new Command("sql", "Runs SQL on the warehouse and prints the result (read-only through the running service when one holds the warehouse).") { query, database, format, timings, local, urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sql = parse.GetValue(query)!;
            var path = parse.GetValue(database)!;
            var output = parse.GetValue(format);
            var showTimings = parse.GetValue(timings);
            return await CliBoundary.RunAsync("sql", async () =>
            {
                if (!parse.GetValue(local)
                    && await RunningService.FindAsync(parse.GetValue(database)!, parse.GetValue(urls), parse.GetResult(database) is null or { Implicit: true }, cancellationToken).ConfigureAwait(false) is { } service)
                {
                    using (service)
                    {
                        using var answer = await service.TableAsync("/api/sql", new { sql }, cancellationToken).ConfigureAwait(false);
                        using var rows = answer.CreateDataReader();
                        ResultPrinter.Print(rows, output, Console.Out);
                        Console.Error.WriteLine($"answered by the service at {service.BaseAddress}, read-only (stop it and use --local to change the warehouse)");
                        return 0;
                    }
                }

                using var connection = new DuckDBConnection($"Data Source={path}");
                connection.Open();
                using var dbCommand = connection.Command(sql);
                var printed = false;
                dbCommand.ExecuteScript(
                    showTimings ? e => Console.Error.WriteLine($"statement {e.Number} of {e.Count}: {e.Elapsed.TotalSeconds:F3} s") : null,
                    reader =>
                    {
                        ResultPrinter.Print(reader, output, Console.Out);
                        printed = true;
                    },
                    cancellationToken);
                if (!printed)
                {
                    Console.Error.WriteLine("OK.");
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return command;
    }
}
