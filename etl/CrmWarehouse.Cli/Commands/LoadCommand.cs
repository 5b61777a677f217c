using CrmWarehouse.Mining.Stage;
using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Cli.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw load [--full] [--as-of DATE]`: one batch now, with live progress and a summary at the end.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Read every source table whole, ignoring the watermarks." };
        var asOf = new Option<string?>("--as-of") { Description = "Business date, yyyy-MM-dd: source dates after it are rejected as future (default: the last closed day in the bank's time zone, or the generated bank's business date when earlier)." };
        var command = new Command("load", "Runs one nightly batch now: extract, clean, match, load, publish.") { full, asOf };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("load", async () =>
        {
            var day = parse.GetValue(asOf) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
            await RunBatchAsync(new BatchRequest(parse.GetValue(full), "cli", day), cancellationToken).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>Runs a batch with the configured sources, showing progress on stderr and the summary on stdout.</summary>
    public static async Task<BatchResult> RunBatchAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var configuration = CrmwConfiguration.Build();
        var options = CrmwConfiguration.EtlOptions(configuration);
        using var serilog = (Serilog.Core.Logger)SerilogSetup.CreateFileOnly(configuration);
        using var loggers = new SerilogLoggerFactory(serilog);
        var mining = new MiningAfterLoad(MiningSetup.Options(configuration), TimeProvider.System, loggers.CreateLogger<MiningAfterLoad>());
        var console = CliConsole.Error;
        BatchResult? result = null;
        await console.Status().StartAsync("extracting…", async status =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var runner = new BatchRunner(options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, loggers.CreateLogger<BatchRunner>(), mining)
            {
                OnStage = stage => status.Status($"{stage}… ({clock.Elapsed.TotalSeconds:F0} s)"),
            };
            var progress = new Progress<(string Table, long Rows)>(p => status.Status($"extracting {p.Table}: {p.Rows:N0} rows ({clock.Elapsed.TotalSeconds:F0} s)"));
            result = await runner.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        LoadSummary.Print(result!, options.WarehouseConnectionString, CliConsole.Out);
        Console.WriteLine(mining.LastRun is { } run
            ? $"mining as of {run.AsOf:yyyy-MM-dd}: {run.TotalSeconds:F1} s (crmw mine all --as-of {run.AsOf:yyyy-MM-dd} prints it)"
            : "mining: failed after the load (the load is published; the reason is in the log and in mart.mining_run).");
        return result!;
    }
}
