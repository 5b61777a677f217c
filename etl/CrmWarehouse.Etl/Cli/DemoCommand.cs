using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Generate;

namespace CrmWarehouse.Etl.Cli;

/// <summary>
/// `crmw demo [--scale 0.1]`: the README's first command. Generates the embedded sources (SQLite and CSV files, no
/// servers needed) when they are missing, runs a full load over them, and prints the summary.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var scale = new Option<double>("--scale") { Description = "Size of the generated bank (1 = 100,000 people).", DefaultValueFactory = _ => 0.1 };
        var command = new Command("demo", "Generates a small bank (if missing) and loads it into the warehouse.") { scale };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("demo", async () =>
        {
            var sources = Path.Combine(CrmwPaths.Data, "sources");
            if (!File.Exists(GeneratorState.PathIn(sources)))
            {
                var code = await CrmwCli.RunAsync(["generate", "--embedded", "--scale", parse.GetValue(scale).ToString(CultureInfo.InvariantCulture), "--out", sources]).ConfigureAwait(false);
                if (code != 0)
                {
                    return code;
                }
            }
            else
            {
                await Console.Error.WriteLineAsync($"demo: using the sources already generated in {sources}").ConfigureAwait(false);
            }

            var state = await GeneratorState.LoadAsync(sources, cancellationToken).ConfigureAwait(false);
            await LoadCommand.RunBatchAsync(new BatchRequest(Full: false, "demo", state.CurrentDay), cancellationToken).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}
