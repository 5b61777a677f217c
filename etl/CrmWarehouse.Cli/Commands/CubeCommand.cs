using System.CommandLine;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Warehouse;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw cube list | show NAME | query NAME … | refresh`: the cubes of config/cubes from the command line.</summary>
internal static class CubeCommand
{
    public static Command Create()
    {
        var command = new Command("cube", "Lists, describes and queries the OLAP cubes (config/cubes/*.json); refreshes their rollups.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(CubeQueryCommand.Create());
        command.Subcommands.Add(Refresh());
        return command;
    }

    private static Command List()
    {
        var list = new Command("list", "Lists the cubes.");
        list.SetAction(async (_, _) => await CliBoundary.RunAsync("cube list", () =>
        {
            foreach (var cube in CubeCatalog.Load(CrmwPaths.Cubes).Cubes)
            {
                Console.WriteLine($"{cube.Name,-18} {cube.Description.Zh}");
                Console.WriteLine($"{string.Empty,-18} {cube.Description.En}");
            }

            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return list;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The cube." };
        var show = new Command("show", "Shows a cube's measures, levels and rollups.") { name };
        show.SetAction(async (parse, _) => await CliBoundary.RunAsync("cube show", () =>
        {
            var cube = CubeCatalog.Load(CrmwPaths.Cubes).Get(parse.GetValue(name)!);
            Console.WriteLine($"{cube.Name}: {cube.Description.Zh} / {cube.Description.En}\nfact: {cube.Fact}\n\nmeasures:");
            foreach (var measure in cube.Measures)
            {
                var unit = measure.Unit is null ? string.Empty : $" [{measure.Unit}]";
                Console.WriteLine($"  {measure.Name,-24} {measure.KindName,-14} {measure.Description.Zh} / {measure.Description.En}{unit}");
            }

            Console.WriteLine("\nlevels:");
            foreach (var level in cube.Dimensions.SelectMany(d => d.Levels))
            {
                Console.WriteLine($"  {level.Id,-24} {level.Description.Zh} / {level.Description.En}");
            }

            Console.WriteLine("\nrollups:");
            foreach (var rollup in cube.Rollups)
            {
                Console.WriteLine($"  {rollup.Table(cube)}: {string.Join(", ", rollup.Levels)}");
            }

            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return show;
    }

    private static Command Refresh()
    {
        var database = CliOptions.Database();
        var months = new Option<string?>("--months") { Description = "Months to re-aggregate, yyyymm,yyyymm (default: rebuild every rollup from all facts)." };
        var refresh = new Command("refresh", "Materialises the rollups in schema agg (all, or only some months).") { database, months };
        refresh.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("cube refresh", () =>
        {
            var refresher = new RollupRefresher(CubeCatalog.Load(CrmwPaths.Cubes));
            using var connection = new DuckDBConnection($"Data Source={parse.GetValue(database)}");
            connection.Open();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (parse.GetValue(months) is { } text)
            {
                refresher.Refresh(connection, text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(m => int.Parse(m, System.Globalization.CultureInfo.InvariantCulture)).ToList(), cancellationToken);
            }
            else
            {
                refresher.Rebuild(connection, cancellationToken);
            }

            Console.Error.WriteLine($"Rollups refreshed in {clock.Elapsed.TotalSeconds:0.00} s.");
            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return refresh;
    }

    internal static JsonElement Value(string text) => JsonSerializer.SerializeToElement(text);
}
