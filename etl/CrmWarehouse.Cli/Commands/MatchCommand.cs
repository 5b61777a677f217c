using System.CommandLine;
using CrmWarehouse.Etl.Match.Eval;
using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw match …`: entity resolution of customers; `eval` measures it against data with known answers.</summary>
internal static class MatchCommand
{
    public static Command Create()
    {
        var command = new Command("match", "Entity resolution of customers (Fellegi–Sunter: blocking, EM, clusters, stable golden ids).");
        command.Subcommands.Add(Eval());
        return command;
    }

    private static Command Eval()
    {
        var febrl = new Option<int?>("--febrl") { Description = "FEBRL benchmark: 4 (dataset4a ↔ dataset4b, link-only) or 3 (dataset3, dedupe). The default when no --scale is given: 4." };
        var scale = new Option<double?>("--scale") { Description = "The generated bank at this scale, scored against the generator's ground truth." };
        var data = new Option<string>("--febrl-dir")
        {
            Description = "Folder of the FEBRL files. Default: tests/datasets/febrl in the CrmWarehouse folder.",
            DefaultValueFactory = _ => Path.Combine(CrmwPaths.Datasets, "febrl"),
        };
        var command = new Command("eval", "Matches a dataset with known answers; prints blocking, the fitted model, precision and recall, then one summary line.")
        {
            febrl, scale, data,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataset = parse.GetValue(febrl);
            var generatedScale = parse.GetValue(scale);
            var directory = parse.GetValue(data)!;
            return await CliBoundary.RunAsync("match eval", () => Task.Run(async () =>
            {
                if (generatedScale is { } bankScale)
                {
                    var options = Hosting.CrmwConfiguration.EtlOptions(Hosting.CrmwConfiguration.Build());
                    var bank = await BankEvaluation.RunAsync(bankScale, options, CrmwPaths.Scratch, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    MatchEvalReport.Print(bank, CliConsole.Out);
                    Console.WriteLine(MatchEvalReport.SummaryLine(bank));
                    return 0;
                }

                var outcome = MatchEvaluation.Febrl(directory, dataset ?? 4, TimeProvider.System, cancellationToken);
                MatchEvalReport.Print(outcome, CliConsole.Out);
                Console.WriteLine(MatchEvalReport.SummaryLine(outcome));
                return 0;
            }, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
