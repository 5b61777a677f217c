using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw demo [--scale 0.1] [--no-serve]`: the README's first command. Generates the embedded sources (SQLite and CSV
/// files, no servers needed) when they are missing, runs a load over them, prints the summary, then serves the
/// warehouse over HTTP until Ctrl+C (unless --no-serve).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var scale = new Option<double>("--scale") { Description = "Size of the generated bank (1 = 100,000 people).", DefaultValueFactory = _ => 0.1 };
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after the load instead of serving the warehouse over HTTP." };
        var urls = new Option<string?>("--urls") { Description = "Where to serve after the load (default: Serving:Urls in config, http://127.0.0.1:8080)." };
        var command = new Command("demo", "Generates a small bank (if missing), loads it into the warehouse, then serves it over HTTP until Ctrl+C.") { scale, noServe, urls };
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
            if (!parse.GetValue(noServe))
            {
                await ServeCommand.ServeAsync(parse.GetValue(urls), null, "crmw demo", cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}
