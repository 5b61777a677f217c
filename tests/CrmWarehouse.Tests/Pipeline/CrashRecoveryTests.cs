using System.Diagnostics;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Hosting;
using CrmWarehouse.Warehouse;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// A load killed with SIGKILL at any moment leaves the warehouse exactly as the last published batch left it, and
/// the next load completes. The load runs as a real `crmw` process over a small generated bank.
/// </summary>
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    private string _home = null!;

    [OneTimeSetUp]
    public async Task GenerateBank()
    {
        _home = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        var config = Path.Combine(_home, "config");
        Directory.CreateDirectory(config);
        var repoConfig = Path.Combine(CrmwPaths.Home, "config");
        File.Copy(Path.Combine(repoConfig, "appsettings.json"), Path.Combine(config, "appsettings.json"));
        CopyDirectory(Path.Combine(repoConfig, "cubes"), Path.Combine(config, "cubes"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", Path.Combine(_home, "data", "sources")]), Is.EqualTo(0));
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_home, recursive: true);

    [Test]
    public void Killing_a_load_at_any_moment_leaves_the_last_published_batch_and_the_next_load_completes()
    {
        Assert.That(Load(killAfter: null), Is.EqualTo(0), "a night publishes");
        var published = Snapshot();
        var batches = PublishedBatches();

        var killed = 0;
        foreach (var delay in new[] { 0.8, 1.6, 2.4, 3.2, 4.0 })
        {
            // On a quiet machine a late kill can land after the batch published (in the mining stage that follows it,
            // or after the load finished): then there is one more whole batch, of the same data since the sources did
            // not change. Either way the warehouse is a whole published batch, never a part of one.
            killed += Load(killAfter: TimeSpan.FromSeconds(delay)) == -1 ? 1 : 0;
            Assert.That(Snapshot(), Is.EqualTo(published), $"after a kill at {delay} s the warehouse is the last published batch");
            var now = PublishedBatches();
            Assert.That(now, Is.EqualTo(batches).Or.EqualTo(batches + 1), $"a load killed at {delay} s published nothing or one whole batch");
            batches = now;
        }

        Assert.That(killed, Is.GreaterThan(0), "at least the early kills land inside a load");

        Assert.That(Load(killAfter: null), Is.EqualTo(0), "the next load completes");
        Assert.That(PublishedBatches(), Is.EqualTo(batches + 1));
        Assert.That(Snapshot(), Is.EqualTo(published), "and, the sources being unchanged, publishes the same data");
    }

    /// <summary>Every stage a batch announces, in the order a full load runs them (prepare stages before the publish transaction).</summary>
    private static readonly string[] Stages =
    [
        "extract", "customers.check", "transactions.repeats", "balances.prepare", "reference", "customers.rules", "match", "customers.load",
        "customer.versions", "accounts.load", "transactions.load", "balances.load", "interactions.load", "rollups", "publish",
    ];

    [Test]
    public void Killing_a_load_as_each_stage_starts_leaves_the_last_published_batch_and_the_next_load_completes()
    {
        if (!File.Exists(Path.Combine(_home, "data", "warehouse.duckdb")) || PublishedBatches() == 0)
        {
            Assert.That(Load(killAfter: null), Is.EqualTo(0), "night 1 publishes");
        }

        var published = Snapshot();
        var batches = PublishedBatches();
        foreach (var stage in Stages)
        {
            Assert.That(Load(killAfter: null, killAtStage: stage), Is.EqualTo(-1), $"the load reached stage {stage} and was killed");
            Assert.That(Snapshot(), Is.EqualTo(published), $"after a kill in stage {stage} the warehouse is the last published batch");
            Assert.That(PublishedBatches(), Is.EqualTo(batches), $"no batch published by the load killed in {stage}");
        }

        Assert.That(Load(killAfter: null), Is.EqualTo(0), "the next load completes");
        Assert.That(PublishedBatches(), Is.EqualTo(batches + 1));
        Assert.That(Snapshot(), Is.EqualTo(published), "and, the sources being unchanged, publishes the same data");
    }

    /// <summary>
    /// Runs `crmw load --full` as its own process; kills it (SIGKILL) after the delay, or as soon as its log says
    /// <paramref name="killAtStage"/> started. Returns the exit code, or -1 if killed.
    /// </summary>
    private int Load(TimeSpan? killAfter, string? killAtStage = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), "load", "--full", "--as-of", "2026-06-30"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRMW_HOME"] = _home;
        var logOffset = Log.Length();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (killAtStage is not null)
        {
            var marker = $"Stage {killAtStage} started";
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (Log.TextAfter(logOffset).Contains(marker, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    return -1;
                }

                Thread.Sleep(5);
            }

            return process.HasExited ? process.ExitCode : -2;
        }

        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return -1;
        }

        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the load finishes");
        return process.ExitCode;
    }

    private ServiceLog Log => new(_home);

    private long PublishedBatches()
    {
        using var connection = Open();
        return (long)connection.Scalar("SELECT count(*) FROM audit.batch WHERE status = 'published'")!;
    }

    private DuckDBConnection Open()
    {
        var connection = new DuckDBConnection($"Data Source={Path.Combine(_home, "data", "warehouse.duckdb")}");
        connection.Open();
        return connection;
    }

    private string Snapshot()
    {
        using var connection = Open();
        return (string)connection.Scalar("""
            SELECT concat_ws(' ',
              (SELECT count(*) FROM dw.dim_customer), (SELECT count(*) FROM dw.dim_account), (SELECT count(*) FROM dw.fact_transaction),
              (SELECT sum(amount) FROM dw.fact_transaction), (SELECT count(*) FROM dw.fact_balance_month),
              (SELECT count(*) FROM match.golden_ids), (SELECT count(*) FROM audit.watermark))
            """)!;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        // config/cubes/dimensions: the conformed dimensions the cubes reference.
        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
