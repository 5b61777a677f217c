using System.CommandLine;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw cube query NAME --measures a,b --by level,level --where "level=value" …`: compiles and runs a cube query.
/// A where clause is <c>level=value</c>, <c>level=a|b|c</c> (in), <c>level=from..to</c> (range), <c>last=12 months</c>,
/// <c>this year</c> or <c>previous quarter</c> (counted from the warehouse's latest published as-of date). A measure may
/// carry a time modifier: <c>opened:ly</c>, <c>balance:ytd</c>, <c>amount:rolling12</c>, <c>opened:growth</c>.
/// </summary>
internal static class CubeQueryCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The cube." };
        var measures = new Option<string>("--measures") { Description = "Measures, comma-separated; MEASURE:MODIFIER for prior, ly, ytd, qtd, mtd, rolling3, rolling12, growth, growth_ly.", Required = true };
        var by = new Option<string?>("--by") { Description = "Levels (dimension.level), comma-separated, outermost first." };
        var where = new Option<string[]>("--where") { Description = "Filters: level=value, level=a|b, level=from..to, last=12 months, this year, previous quarter.", AllowMultipleArgumentsPerToken = true };
        var language = new Option<string>("--lang") { Description = "Captions and total labels in zh or en.", DefaultValueFactory = _ => "zh" };
        language.AcceptOnlyFromAmong("zh", "en");
        var totals = new Option<CubeTotals>("--totals") { Description = "Extra rows: none, grand or subtotals.", DefaultValueFactory = _ => CubeTotals.None };
        var order = new Option<string?>("--order") { Description = "Ordering: field or field:desc, comma-separated." };
        var limit = new Option<int?>("--limit") { Description = "Most rows to return." };
        var noRollups = new Option<bool>("--no-rollups") { Description = "Read the facts even where a rollup could answer." };
        var explain = new Option<bool>("--explain") { Description = "Print the SQL and the rollup used instead of running." };
        var format = new Option<ResultFormat>("--format") { Description = "Output format.", DefaultValueFactory = _ => ResultFormat.Table };
        var database = CliOptions.Database();
        var local = CliOptions.Local();
        var urls = CliOptions.ServiceUrls();
        var command = new Command("query", "Runs a cube query (through the running service when one holds the warehouse).") { name, measures, by, where, totals, order, limit, noRollups, explain, format, language, database, local, urls };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("cube query", async () =>
        {
            var query = new CubeQuery
            {
                Measures = Split(parse.GetValue(measures)),
                By = Split(parse.GetValue(by)),
                Where = (parse.GetValue(where) ?? []).Select(Filter).ToList(),
                Totals = parse.GetValue(totals),
                OrderBy = Split(parse.GetValue(order)).Select(o => o.Split(':') is [var field, var direction]
                    ? new CubeOrder(field, direction.Equals("desc", StringComparison.OrdinalIgnoreCase))
                    : new CubeOrder(o)).ToList(),
                Limit = parse.GetValue(limit),
                UseRollups = !parse.GetValue(noRollups),
                Language = parse.GetValue(language)!,
            };
            if (!parse.GetValue(local)
                && await RunningService.FindAsync(parse.GetValue(database)!, parse.GetValue(urls), parse.GetResult(database) is null or { Implicit: true }, cancellationToken).ConfigureAwait(false) is { } service)
            {
                using (service)
                {
                    var path = $"/api/cubes/{Uri.EscapeDataString(parse.GetValue(name)!)}/query";
                    if (parse.GetValue(explain))
                    {
                        Console.WriteLine(await service.PostAsync($"{path}?explain=true", query, cancellationToken).ConfigureAwait(false));
                        return 0;
                    }

                    using var answer = await service.TableAsync(path, query, cancellationToken).ConfigureAwait(false);
                    using var rows = answer.CreateDataReader();
                    CubeAnswerPrinter.Print(rows, RunningService.AnswerColumns(answer), parse.GetValue(format), Console.Out);
                    Console.Error.WriteLine($"answered by the service at {service.BaseAddress} (--local opens the file instead)");
                    return 0;
                }
            }

            using var connection = new DuckDBConnection($"Data Source={parse.GetValue(database)}");
            connection.Open();
            var compiled = new CubeCompiler().Compile(
                CubeCatalog.Load(CrmwPaths.Cubes).Get(parse.GetValue(name)!), query, connection);
            if (parse.GetValue(explain))
            {
                Console.WriteLine($"-- rollup: {compiled.Rollup ?? "(none: reads the facts)"}");
                Console.WriteLine(compiled.Sql + ";");
                foreach (var (parameter, value) in compiled.Parameters)
                {
                    Console.WriteLine($"-- ${parameter} = {value}");
                }

                return 0;
            }

            using var command = compiled.CreateCommand(connection);
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.Default, cancellationToken);
            CubeAnswerPrinter.Print(reader, compiled.Columns, parse.GetValue(format), Console.Out);
            Console.Error.WriteLine($"rollup: {compiled.Rollup ?? "(none: facts)"}");
            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    private static List<string> Split(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static CubeFilter Filter(string text)
    {
        // "this year", "previous quarter" (or this=year).
        if (text.Replace('=', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var relative and ("this" or "previous"), var unit])
        {
            return new CubeFilter { Op = relative, Unit = unit };
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new CubeQueryException($"Filter '{text}' is not level=value.");
        }

        var (level, value) = (text[..equals].Trim(), text[(equals + 1)..].Trim());
        if (level == "last")
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var count)
                ? new CubeFilter { Op = "last", Count = count, Unit = parts[1] }
                : throw new CubeQueryException($"Filter '{text}' is not last=N months, last=N quarters or last=N years.");
        }

        var range = value.Split("..");
        if (range.Length == 2)
        {
            return new CubeFilter
            {
                Level = level, Op = "range",
                From = range[0].Length > 0 ? CubeCommand.Value(range[0]) : null,
                To = range[1].Length > 0 ? CubeCommand.Value(range[1]) : null,
            };
        }

        return value.Contains('|', StringComparison.Ordinal)
            ? new CubeFilter { Level = level, Op = "in", Values = value.Split('|').Select(CubeCommand.Value).ToList() }
            : new CubeFilter { Level = level, Value = CubeCommand.Value(value) };
    }
}
