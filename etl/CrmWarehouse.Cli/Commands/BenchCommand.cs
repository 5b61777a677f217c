using System.CommandLine;
using CrmWarehouse.Cli.Bench;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw bench …`: benchmarks that write a report and end with one `name=value` line.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Runs a benchmark, prints its figures and writes reports/bench-NAME.txt.");
        command.Subcommands.Add(DuckDb());
        command.Subcommands.Add(Load());
        command.Subcommands.Add(Cubes());
        command.Subcommands.Add(Mining());
        command.Subcommands.Add(Scale());
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(PgWire());
        command.Subcommands.Add(Ui());
        command.Subcommands.Add(Soak());
        return command;
    }

    private static Command Scale()
    {
        var scales = new Option<string>("--scales") { Description = "Comma list of bank scales, smallest first (1 = 100,000 people).", DefaultValueFactory = _ => "0.3,1,3" };
        var day = new Option<bool>("--incremental")
        {
            Description = "After each scale's full load, advance its bank one day (generate --advance 1d) and time that day's incremental load + mining in another fresh process (the bank stays advanced; the next run reuses it).",
        };
        var one = new Option<bool>("--one") { Description = "Internal: one measured load of the bank in CRMW_HOME, as JSON (with --incremental: the next day's batch).", Hidden = true };
        var command = new Command("scale", "Full load + mining at several bank sizes (embedded sources, generated once and kept), each in a fresh process: seconds and peak RSS per stage, growth between scales.") { scales, day, one };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench scale", async () =>
        {
            if (parse.GetValue(one))
            {
                var configuration = CrmwConfiguration.Build();
                var mining = new Mining.Stage.MiningAfterLoad(MiningSetup.Options(configuration), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Mining.Stage.MiningAfterLoad>.Instance);
                var run = await ScaleRun.MeasureAsync(CrmwConfiguration.EtlOptions(configuration), NightlyPipeline.Stages(TimeProvider.System), mining, full: !parse.GetValue(day), cancellationToken).ConfigureAwait(false);
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(run));
                return 0;
            }

            var sizes = parse.GetValue(scales)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (sizes.Count == 0 || sizes.Any(s => s <= 0))
            {
                throw new ArgumentException("--scales needs positive numbers, e.g. 0.3,1,3.");
            }

            return Finish(await new ScaleBench(sizes, parse.GetValue(day), Path.Combine(CrmwPaths.Home, "config"), CrmwPaths.Scratch, Progress("scale")).RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Serve()
    {
        var database = CliOptions.Database();
        var runs = new Option<int>("--runs") { Description = "Timed runs of each query on each server.", DefaultValueFactory = _ => 200 };
        var command = new Command("serve", "A cube query and an ad-hoc SQL query over HTTP, served with security against a bare server, same run: p50/p95 and the overhead (target: 10% at p50).") { database, runs };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench serve", async () =>
        {
            var bench = new ServeBench(parse.GetValue(database)!, CubeCatalog.Load(CrmwPaths.Cubes), RoleCatalog.Load(CrmwPaths.Roles), Positive(parse.GetValue(runs), "--runs"), Progress("serve"));
            return Finish(await bench.RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Soak()
    {
        var minutes = new Option<double>("--minutes") { Description = "How long the readers run; without --loads, one load a minute for that long.", DefaultValueFactory = _ => 10 };
        var loads = new Option<int?>("--loads") { Description = "Stop after this many loads (then the readers go on to the end of --minutes)." };
        var interval = new Option<double>("--interval") { Description = "Seconds from one load's start to the next's (0: one after the other).", DefaultValueFactory = _ => 60 };
        var readers = new Option<int>("--readers") { Description = "Concurrent readers: of every four, one cube query and one SQL query over HTTP, two SQL over the PostgreSQL wire.", DefaultValueFactory = _ => 32 };
        var command = new Command("soak", "crmw run on a copy of the demo bank with `generate --advance 1d` + `crmw load` (through the service) every minute while readers query over HTTP and the PostgreSQL wire: errors, answers from one whole batch, service RSS trend, p50/p95 per door, load durations.")
        {
            minutes, loads, interval, readers,
        };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench soak", async () =>
        {
            var duration = parse.GetValue(minutes);
            var count = parse.GetValue(loads);
            if (duration < 0 || parse.GetValue(interval) < 0 || count is <= 0 || (count is null && duration <= 0))
            {
                throw new ArgumentException("bench soak needs --minutes above 0 (or --loads N), and no negative --interval.");
            }

            var plan = new SoakPlan(TimeSpan.FromMinutes(duration), count, TimeSpan.FromSeconds(parse.GetValue(interval)), Positive(parse.GetValue(readers), "--readers"));
            return Finish(await new SoakBench(CrmwPaths.Home, CrmwPaths.Scratch, plan, Progress("soak")).RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Ui()
    {
        var database = CliOptions.Database();
        var runs = new Option<int>("--runs") { Description = "Loads of each page (empty cache); three times as many explorer changes.", DefaultValueFactory = _ => 10 };
        var command = new Command("ui", "The web UI in headless Chromium: first render of each page (target 1 s), explorer change to redrawn chart p50 (target 300 ms), static files compressed (target 2 MB).") { database, runs };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench ui", async () =>
        {
            var bench = new UiBench(parse.GetValue(database)!, CubeCatalog.Load(CrmwPaths.Cubes), RoleCatalog.Load(CrmwPaths.Roles), Positive(parse.GetValue(runs), "--runs"), Progress("ui"));
            return Finish(await bench.RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command PgWire()
    {
        var database = CliOptions.Database();
        var command = new Command("pgwire", "Our PostgreSQL wire protocol against a real PostgreSQL 15 (started here), same 1,000,000-row table: psql SELECT, psql \\copy, Npgsql read loop, SCRAM connect p50, 64 concurrent cube queries.") { database };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench pgwire", async () =>
        {
            var servers = AppConfiguration.Section<Bank.LocalServers.LocalServerSettings>("LocalServers");
            var postgres = Bank.LocalServers.LocalServers.FromSettings(servers).All.Single(server => server.Name == "PostgreSQL");
            var bench = new PgWireBench(parse.GetValue(database)!, CubeCatalog.Load(CrmwPaths.Cubes), postgres, servers.Postgres, CrmwPaths.Scratch, Progress("pgwire"));
            return Finish(await bench.RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Cubes()
    {
        var database = CliOptions.Database();
        var runs = new Option<int>("--runs") { Description = "Timed runs of each query in each mode.", DefaultValueFactory = _ => 20 };
        var command = new Command("cubes", "24 cube queries with rollups, on the facts, and as hand-written SQL: p50/p95, compiler overhead, rollup refresh.") { database, runs };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench cubes", () =>
        {
            var bench = new CubesBench(parse.GetValue(database)!, CubeCatalog.Load(CrmwPaths.Cubes), Positive(parse.GetValue(runs), "--runs"), Progress("cubes"));
            return Task.FromResult(Finish(bench.Run()));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Load()
    {
        var command = new Command("load", "Our extract + stage of the configured PostgreSQL and MariaDB tables against psql \\copy / mariadb dumps ingested by DuckDB's read_csv, same tables, same run.");
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench load", async () =>
        {
            var options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build());
            return Finish(await new LoadBench(options.Sources, CrmwPaths.Scratch, Progress("load")).RunAsync(cancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false));
        return command;
    }

    private static Command DuckDb()
    {
        var rows = new Option<long>("--rows") { Description = "Rows to append and read back.", DefaultValueFactory = _ => 10_000_000 };
        var command = new Command("duckdb", "Appender and reader throughput against DuckDB's read_csv and INSERT … SELECT, same rows, same run.") { rows };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(rows);
            return await CliBoundary.RunAsync("bench duckdb", () =>
                Task.FromResult(Finish(new DuckDbBench(Positive(count, "--rows"), CrmwPaths.Scratch, Progress("duckdb")).Run()))).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Mining()
    {
        var asOf = MineWarehouseCommand.AsOf();
        var command = new Command("mining", "The whole mining stage on the configured warehouse, seconds per step (target: 60 s at scale 1).") { asOf };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("bench mining", () =>
        {
            var date = MineTransactionOptions.ParseDate(parse.GetValue(asOf), "--as-of");
            return Task.FromResult(Finish(MiningBench.Report(MineWarehouseCommand.RunStage(date, "bench", cancellationToken))));
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>What every bench ends with: the report printed, written under reports/, and its summary line on stdout.</summary>
    private static int Finish(BenchReport report)
    {
        report.Print(CliConsole.Out);
        Console.Error.WriteLine($"report written to {report.Write(CrmwPaths.Reports, TimeProvider.System)}");
        Console.WriteLine(report.SummaryLine);
        return 0;
    }

    /// <summary>A bench's progress lines on stderr, prefixed with its name.</summary>
    private static StepReporter Progress(string bench)
    {
        var console = CliConsole.Error;
        return new StepReporter(step => console.MarkupLine($"[grey]bench {bench}:[/] {Markup.Escape(step)}"));
    }

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{option} must be positive.");

    /// <summary>Reports on the calling thread at once (Progress&lt;T&gt; posts to the thread pool and would print out of order).</summary>
    private sealed class StepReporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
