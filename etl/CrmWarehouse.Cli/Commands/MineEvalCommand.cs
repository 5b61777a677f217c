using System.CommandLine;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Hosting;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine eval --truth DIR`: each planted truth of a generated bank, what the marts found, pass or fail.</summary>
internal static class MineEvalCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "The ground_truth folder of the generated bank the warehouse was loaded from.", Required = true };
        var asOf = MineWarehouseCommand.AsOf();
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("eval", "Checks the mining marts against a generated bank's planted truths (Pareto, cross-sell, wealth uptake, churn, structuring).")
        {
            truth, asOf, refresh,
        };
        command.SetAction((parse, ct) => MineReport.Run((console, token) =>
        {
            var configuration = CrmwConfiguration.Build();
            using var serilog = (Serilog.Core.Logger)SerilogSetup.CreateFileOnly(configuration);
            using var loggers = new SerilogLoggerFactory(serilog);
            using var warehouse = MiningSetup.OpenWarehouse(configuration);
            var date = MiningSetup.EnsureMined(warehouse, MiningSetup.Options(configuration), MineTransactionOptions.ParseDate(parse.GetValue(asOf), "--as-of"),
                parse.GetValue(refresh), loggers.CreateLogger("mining"), token);
            var checks = PlantedTruths.Check(warehouse, parse.GetValue(truth)!, date, token);
            var table = new Table { Title = new TableTitle($"Planted truths as of {date:yyyy-MM-dd}") }.AddColumns("truth", "expected", "found", "result");
            foreach (var check in checks)
            {
                table.AddRow(Markup.Escape(check.Truth), Markup.Escape(check.Expected), Markup.Escape(check.Found), check.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
            }

            console.Write(table);
            MineReport.Headline(("truths", checks.Count), ("passed", checks.Count(c => c.Passed)), ("failed", checks.Count(c => !c.Passed)));
            return checks.All(c => c.Passed) ? 0 : 2;
        }, ct));
        return command;
    }
}
