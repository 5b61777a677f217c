using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Cli.Bench;

/// <summary>What one soak does: how long, how many loads (null: one a minute for the whole time), how far apart, how many readers.</summary>
internal sealed record SoakPlan(TimeSpan Duration, int? Loads, TimeSpan LoadInterval, int Readers);

/// <summary>
/// `crmw bench soak`: the service under a day's work many times over. A copy of the bank in CRMW_HOME (the demo's:
/// sources and warehouse) is served by `crmw run` in a process of its own; once a minute the bench advances the bank
/// by a day (`crmw generate --advance 1d`) and loads it with `crmw load`, which hands the batch to the service; all
/// the while readers ask through HTTP (cube and SQL) and the PostgreSQL wire, signed in as analysts. The report says
/// every error with its time and door, whether every answer came from one whole batch (<see cref="BatchSignatures"/>),
/// the service's memory over time with its trend, latency per door, and each load's duration.
/// </summary>
internal sealed partial class SoakBench(string sourceHome, string scratch, SoakPlan plan, IProgress<string> progress)
{
    private const int ReadersPerUser = 4;

    private readonly Stopwatch _clock = new();
    private readonly BatchSignatures _signatures = new();
    private readonly List<SoakError> _errors = [];
    private readonly List<SoakLoad> _loads = [];

    private string Home => Path.Combine(scratch, "bench-soak");

    private string Warehouse => Path.Combine(Home, "data", "warehouse.duckdb");

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BenchReport("soak");
        report.Add("load_average_start", ScaleBench.LoadAverage());
        await CopyBankAsync(cancellationToken).ConfigureAwait(false);
        var (users, recorder) = AddUsers();
        await using var service = await SoakService.StartAsync(Home, progress, cancellationToken).ConfigureAwait(false);
        _clock.Start();
        using var recorderHttp = recorder.Http(service.Http);
        await RecordAsync(0, recorderHttp, recorder.PgWire(service.PgPort), cancellationToken).ConfigureAwait(false);

        var readers = new SoakReaders(service.Http, service.PgPort, users, plan.Readers, _clock);
        using var stopReaders = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using (var trend = new RssTrend(service.ProcessId, _clock))
        {
            progress.Report($"{plan.Readers} readers ({users.Count} analysts) on {service.Http} and PostgreSQL port {service.PgPort}");
            var reading = readers.RunAsync(stopReaders.Token);
            await EveryReaderAnswersAsync(readers, service, cancellationToken).ConfigureAwait(false);
            await LoadUntilDoneAsync(service, recorderHttp, recorder.PgWire(service.PgPort), cancellationToken).ConfigureAwait(false);
            await EveryReaderAnswersAsync(readers, service, cancellationToken).ConfigureAwait(false);
            await stopReaders.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(false);
            report.Add("minutes", Math.Round(_clock.Elapsed.TotalMinutes, 2));
            trend.Describe(report);
        }

        if (service.HasExited && !_errors.Any(e => e.Door == "service"))
        {
            _errors.Add(new SoakError(_clock.Elapsed, "service", service.ExitDescription()));
        }

        var stop = await service.StopAsync().ConfigureAwait(false);
        _errors.AddRange(readers.Errors);
        Describe(report, readers, stop);
        report.Add("load_average_end", ScaleBench.LoadAverage());
        return report;
    }

    /// <summary>
    /// A fresh copy of the bank (config, sources, warehouse): the soak advances and loads it many times; the demo stays as
    /// it is. Only a bank whose sources are all files (SQLite and CSV, as the demo's) can be copied so: one with sources on
    /// the local PostgreSQL and MariaDB would share those databases with its copy, each soak day would advance them under
    /// the original (whose generator-state.json would not know), and the next soak would generate a day they already have.
    /// </summary>
    private async Task CopyBankAsync(CancellationToken cancellationToken)
    {
        var warehouse = Path.Combine(sourceHome, "data", "warehouse.duckdb");
        var sources = Path.Combine(sourceHome, "data", "sources");
        if (!File.Exists(warehouse) || !File.Exists(Bank.Generate.GeneratorState.PathIn(sources)))
        {
            throw new InvalidOperationException($"bench soak needs a loaded bank in {sourceHome}/data (a warehouse and the sources it was loaded from): run ./crmw demo --no-serve first.");
        }

        var state = await Bank.Generate.GeneratorState.LoadAsync(sources, cancellationToken).ConfigureAwait(false);
        if (state.WrittenTo() is { Postgres: true } or { MariaDb: true })
        {
            throw new InvalidOperationException(
                $"bench soak copies the bank in {sourceHome}/data, but its sources are partly on the local database servers ({state.Targets}), which a copy would share: " +
                "the soak's days would be written into the original bank's databases. Soak a bank with embedded sources: ./crmw demo --no-serve makes one " +
                "(or crmw generate --embedded, then crmw load), in this checkout or in another CRMW_HOME.");
        }

        progress.Report($"copying the bank in {sourceHome}/data to {Home}");
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }

        ScaleBench.CopyDirectory(Path.Combine(sourceHome, "config"), Path.Combine(Home, "config"));
        ScaleBench.CopyDirectory(sources, Path.Combine(Home, "data", "sources"));
        foreach (var file in new[] { warehouse, warehouse + ".wal" }.Where(File.Exists))
        {
            File.Copy(file, Path.Combine(Home, "data", Path.GetFileName(file)));
        }
    }

    /// <summary>One analyst per four readers (the service's per-user query slots) and one that records, as `crmw user add` makes them.</summary>
    private (List<SoakUser> Readers, SoakUser Recorder) AddUsers()
    {
        var analyst = RoleCatalog.Load(Path.Combine(Home, "config", "roles.json")).Get("analyst");
        var directory = UserDirectory.ForWarehouse(Warehouse);
        SoakUser Add(string name)
        {
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            directory.Add(name, analyst, [], password);
            return new SoakUser(name, password, directory.IssueToken(name));
        }

        var readers = Enumerable.Range(1, (plan.Readers + ReadersPerUser - 1) / ReadersPerUser)
            .Select(i => Add(string.Create(CultureInfo.InvariantCulture, $"soak-reader-{i:00}"))).ToList();
        return (readers, Add("soak-recorder"));
    }

    /// <summary>
    /// Loads every <see cref="SoakPlan.LoadInterval"/> from the start (a load that is late, the one before having taken
    /// longer, starts at once) until the plan's loads are done or, without a number, until the duration is over; a
    /// load under way then finishes. The readers go on to the end of the duration.
    /// </summary>
    private async Task LoadUntilDoneAsync(SoakService service, HttpClient recorder, string recorderPg, CancellationToken cancellationToken)
    {
        for (var load = 1; ; load++)
        {
            var due = plan.LoadInterval * (load - 1);
            if (plan.Loads is { } loads ? load > loads : due >= plan.Duration || _clock.Elapsed >= plan.Duration)
            {
                break;
            }

            if (due > _clock.Elapsed)
            {
                await Task.Delay(due - _clock.Elapsed, cancellationToken).ConfigureAwait(false);
            }

            if (service.HasExited)
            {
                _errors.Add(new SoakError(_clock.Elapsed, "service", service.ExitDescription()));
                return;
            }

            var done = await SoakLoad.RunAsync(load, Home, _clock, cancellationToken).ConfigureAwait(false) with { RssAfterBytes = RssSampler.ResidentBytes(service.ProcessId) };
            _loads.Add(done);
            _errors.AddRange(done.Errors);
            progress.Report(done.ToString());
            await RecordAsync(load, recorder, recorderPg, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Duration > _clock.Elapsed)
        {
            progress.Report($"loads done; readers go on until {plan.Duration.TotalMinutes:0.#} minutes");
            await Task.Delay(plan.Duration - _clock.Elapsed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The signature of each question now that nothing writes (before the first load, after each), through each door:
    /// SQL over HTTP and over the wire must agree.
    /// </summary>
    private async Task RecordAsync(int state, HttpClient http, string pg, CancellationToken cancellationToken)
    {
        try
        {
            var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var door in SoakDoor.All)
            {
                signatures[door] = await SoakQueries.AskAsync(door, http, pg, cancellationToken).ConfigureAwait(false);
                _signatures.Expect(SoakQueries.Kind(door), signatures[door], state);
            }

            if (signatures[SoakDoor.HttpSql] != signatures[SoakDoor.PgWireSql])
            {
                _errors.Add(new SoakError(_clock.Elapsed, "record", $"after load {state} SQL over HTTP and over the wire answer differently: {signatures[SoakDoor.HttpSql]} / {signatures[SoakDoor.PgWireSql]}"));
            }
        }
        catch (Exception e) when (e is HttpRequestException or Npgsql.NpgsqlException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _errors.Add(new SoakError(_clock.Elapsed, "record", $"after load {state}: {SoakReaders.Describe(e)}"));
        }
    }

    /// <summary>
    /// Waits until every reader has asked once more (answered or failed): before the first load, so that each door has
    /// answered from the state before it, and after the last, so that each has answered from the last state and a
    /// reader that hung shows. Bounded: a reader stuck longer than its client's timeout has failed anyway.
    /// </summary>
    private static async Task EveryReaderAnswersAsync(SoakReaders readers, SoakService service, CancellationToken cancellationToken)
    {
        var before = readers.Completed();
        var waited = Stopwatch.StartNew();
        while (readers.Completed().Zip(before).Any(pair => pair.First <= pair.Second) && waited.Elapsed < TimeSpan.FromMinutes(3) && !service.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
