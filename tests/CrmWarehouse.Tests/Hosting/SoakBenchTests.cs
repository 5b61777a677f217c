using System.Globalization;
using CrmWarehouse.Cli.Bench;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>
/// `crmw bench soak` in small: a real `crmw run` over a copy of a tiny bank, two days generated and loaded through the
/// service with `crmw load` while readers ask over HTTP and the PostgreSQL wire. Both loads must publish through the
/// service, no reader may see an error, and every answer must match a state recorded between loads (one whole batch).
/// </summary>
[NonParallelizable]
public sealed class SoakBenchTests
{
    private string _home = null!;

    [SetUp]
    public async Task MakeALoadedBank()
    {
        _home = CrmwHome.Create();

        await CrmwProcess.RunOrThrowAsync("soak test", _home, ["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", Path.Combine(_home, "data", "sources")], CancellationToken.None);
        await CrmwProcess.RunOrThrowAsync("soak test", _home, ["load", "--local"], CancellationToken.None);
    }

    [TearDown]
    public void RemoveTheBank() => Directory.Delete(_home, recursive: true);

    [Test]
    public async Task Two_loads_through_the_service_under_readers_give_no_error_and_every_answer_comes_from_one_whole_batch()
    {
        var plan = new SoakPlan(TimeSpan.Zero, Loads: 2, LoadInterval: TimeSpan.Zero, Readers: 8);
        var report = await new SoakBench(_home, Path.Combine(_home, "build", "scratch"), plan, new Progress<string>()).RunAsync(CancellationToken.None);

        var figures = report.SummaryLine.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        var details = string.Join("\n", report.Details.Select(d => $"{d.Name}: {d.Value}"));
        double Figure(string name) => double.Parse(figures[name], CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(figures.Keys, Is.SupersetOf(new[]
            {
                "minutes", "readers", "loads_completed", "loads_failed", "load_p50_s", "load_max_s", "generate_p50_s", "answers", "errors", "mixed_answers",
                "batches_seen", "http_cube_p50_ms", "http_cube_p95_ms", "http_sql_p50_ms", "http_sql_p95_ms", "pgwire_sql_p50_ms", "pgwire_sql_p95_ms",
                "rss_first_mb", "rss_last_mb", "rss_peak_mb", "rss_after_first_load_mb", "rss_after_last_load_mb", "rss_first_third_mb", "rss_last_third_mb", "rss_slope_mb_per_min",
                "service_stop_s", "service_exit_code", "service_wal_left", "load_average_start", "load_average_end",
            }), report.SummaryLine);
            Assert.That(Figure("loads_completed"), Is.EqualTo(2), details);
            Assert.That(Figure("loads_failed"), Is.Zero, details);
            Assert.That(Figure("errors"), Is.Zero, details);
            Assert.That(Figure("mixed_answers"), Is.Zero, details);

            // Every reader answered before the first load and after the last, and the loads changed what they see.
            Assert.That(Figure("batches_seen"), Is.GreaterThanOrEqualTo(2), details);
            Assert.That(new[] { Figure("http_cube_answers"), Figure("http_sql_answers"), Figure("pgwire_sql_answers") }, Has.All.GreaterThanOrEqualTo(2), details);
            Assert.That(report.Details.Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.Name, @"^load \d+$")).Select(d => d.Value), Has.All.Contains("published"), details);
            Assert.That(Figure("service_exit_code"), Is.Zero, details);
            Assert.That(Figure("service_wal_left"), Is.Zero, details);
        });
    }

    [Test]
    public void An_answer_whose_signature_no_quiet_state_gave_is_counted_as_mixed()
    {
        var signatures = new BatchSignatures();
        signatures.Expect("sql", "1|20260630|100|5000.00|10|3", 0);
        signatures.Expect("sql", "2|20260701|110|5500.00|10|3", 1);
        signatures.Expect("sql", "2|20260701|110|5500.00|10|3", 2);
        SoakAnswer Answer(string door, string signature) => new(TimeSpan.Zero, door, signature, 1);

        var (mixed, seen) = signatures.Check([
            Answer(SoakDoor.HttpSql, "1|20260630|100|5000.00|10|3"),
            Answer(SoakDoor.PgWireSql, "2|20260701|110|5500.00|10|3"),
            Answer(SoakDoor.PgWireSql, "2|20260701|100|5000.00|10|3"),
            Answer(SoakDoor.HttpCube, "1|20260630|100|5000.00|10|3"),
        ]);

        Assert.That(mixed.Select(a => a.Signature), Is.EqualTo(new[] { "2|20260701|100|5000.00|10|3", "1|20260630|100|5000.00|10|3" }), "the new batch id with the old figures, and a SQL signature asked of the cube");
        Assert.That(seen, Is.EqualTo(2));
        Assert.That(signatures.StateOf(Answer(SoakDoor.HttpSql, "2|20260701|110|5500.00|10|3")), Is.EqualTo(1), "a load that changed nothing keeps the earlier state");
    }
}
