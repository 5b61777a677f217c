using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using DuckDB.NET.Data;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw load [--full] [--as-of DATE]`: one batch now, with live progress and a summary at the end. While a crmw service
/// holds the warehouse (DuckDB lets one process open the file), the batch is handed to it (<c>POST /api/loads</c>) and
/// followed to its end; otherwise it runs here.
/// </summary>
internal static class LoadCommand
{
    /// <summary>How often the CLI asks the service how its load is going.</summary>
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Read every source table whole, ignoring the watermarks." };
        var asOf = new Option<string?>("--as-of") { Description = "Business date, yyyy-MM-dd: source dates after it are rejected as future (default: the last closed day in the bank's time zone, or the generated bank's business date when earlier)." };
        var reconcile = new Option<bool>("--reconcile-keys") { Description = "Compare the keys of every incremental table with its source now (hard deletes), not only the tables checked every batch or on Schedule:KeyReconciliationDay." };
        var urls = CliOptions.ServiceUrls();
        var local = new Option<bool>("--local") { Description = "Run the batch in this process even when a crmw service holds the warehouse (it then fails on DuckDB's lock)." };
        var command = new Command("load", "Runs one nightly batch now: extract, clean, match, load, publish (through the running service when one holds the warehouse).") { full, asOf, reconcile, urls, local };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("load", async () =>
        {
            var day = parse.GetValue(asOf) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
            var request = new BatchRequest(parse.GetValue(full), "cli", day, parse.GetValue(reconcile));
            if (!parse.GetValue(local))
            {
                var warehouse = new DuckDBConnectionStringBuilder { ConnectionString = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WarehouseConnectionString }.DataSource;
                if (await RunningService.FindAsync(warehouse, parse.GetValue(urls), sayWhenOther: true, cancellationToken).ConfigureAwait(false) is { } service)
                {
                    using (service)
                    {
                        return await ThroughServiceAsync(service, request, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await RunBatchAsync(request, cancellationToken).ConfigureAwait(false);
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
        var batch = NightlyPipeline.Compose(options, MiningSetup.Options(configuration), roles: null, TimeProvider.System, loggers);
        BatchResult? result = null;
        await CliConsole.Error.Status().StartAsync("extracting…", async status =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new Progress<(string Table, long Rows)>(p => status.Status($"extracting {p.Table}: {p.Rows:N0} rows ({clock.Elapsed.TotalSeconds:F0} s)"));
            result = await batch.Runner.RunAsync(request, progress, stage => status.Status($"{stage}… ({clock.Elapsed.TotalSeconds:F0} s)"), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        LoadSummary.Print(result!, options.WarehouseConnectionString, CliConsole.Out);
        Console.WriteLine(LoadSummary.MiningLine(batch.Mining.LastRun));
        return result!;
    }

    /// <summary>
    /// Hands the batch to the service that holds the warehouse and follows it: its stage and progress on stderr, its
    /// summary on stdout, its exit code. Ctrl+C stops following; the load goes on in the service.
    /// </summary>
    private static async Task<int> ThroughServiceAsync(RunningService service, BatchRequest request, CancellationToken cancellationToken)
    {
        var body = new { asOf = request.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), full = request.Full, reconcileKeys = request.ReconcileKeys };
        using var accepted = JsonDocument.Parse(await service.PostAsync("/api/loads", body, cancellationToken).ConfigureAwait(false));
        var id = accepted.RootElement.GetProperty("id").GetString()!;
        var href = accepted.RootElement.GetProperty("href").GetString()!;
        await Console.Error.WriteLineAsync($"crmw load: the service at {service.BaseAddress} holds the warehouse; it runs this load as {id} ({href}).").ConfigureAwait(false);
        JsonElement? last = null;
        try
        {
            await CliConsole.Error.Status().StartAsync("starting…", async status =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (true)
                {
                    using var answer = await service.GetAsync(href, cancellationToken).ConfigureAwait(false);
                    var load = answer.RootElement.Clone();
                    if (load.GetProperty("state").GetString() != "running")
                    {
                        last = load;
                        return;
                    }

                    var stage = load.GetProperty("stage").GetString();
                    status.Status(load.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p
                        ? $"{stage} {p.GetProperty("table").GetString()}: {p.GetProperty("rows").GetInt64():N0} rows ({clock.Elapsed.TotalSeconds:F0} s)"
                        : $"{stage}… ({clock.Elapsed.TotalSeconds:F0} s)");
                    await Task.Delay(FollowInterval, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"crmw load: stopped following; load {id} goes on in the service (GET {href}, or crmw sql \"select * from audit.batch order by batch_id desc limit 1\").").ConfigureAwait(false);
            throw;
        }

        var result = last!.Value;
        if (result.GetProperty("summary") is { ValueKind: JsonValueKind.String } summary)
        {
            Console.Write(summary.GetString());
        }

        if (result.GetProperty("error") is { ValueKind: JsonValueKind.String } error)
        {
            await Console.Error.WriteLineAsync($"crmw load: {error.GetString()}").ConfigureAwait(false);
        }

        return result.GetProperty("exitCode") is { ValueKind: JsonValueKind.Number } code ? code.GetInt32() : 1;
    }
}
