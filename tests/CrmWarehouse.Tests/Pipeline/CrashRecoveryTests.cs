using System.Diagnostics;
using CrmWarehouse.Etl.Cli;
using CrmWarehouse.Tests.DuckDb;

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
        Assert.That(Load(killAfter: null), Is.EqualTo(0), "night 1 publishes");
        var published = Snapshot();

        foreach (var delay in new[] { 0.8, 1.6, 2.4, 3.2, 4.0 })
        {
            Load(killAfter: TimeSpan.FromSeconds(delay));
            Assert.That(Snapshot(), Is.EqualTo(published), $"after a kill at {delay} s the warehouse is the last published batch");
            Assert.That(PublishedBatches(), Is.EqualTo(1L));
        }

        Assert.That(Load(killAfter: null), Is.EqualTo(0), "the next load completes");
        Assert.That(PublishedBatches(), Is.EqualTo(2L));
        Assert.That(Snapshot(), Is.EqualTo(published), "and, the sources being unchanged, publishes the same data");
    }

    /// <summary>Runs `crmw load --full` as its own process; kills it (SIGKILL) after the delay if given. Returns the exit code, or -1 if killed.</summary>
    private int Load(TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), "load", "--full", "--as-of", "2026-06-30"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRMW_HOME"] = _home;
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return -1;
        }

        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the load finishes");
        return process.ExitCode;
    }

    private long PublishedBatches()
    {
        using var connection = Open();
        return (long)connection.Scalar("SELECT count(*) FROM audit.batch WHERE status = 'published'")!;
    }

    private CrmWarehouse.Warehouse.DuckDb.DuckDbConnection Open()
    {
        var connection = new CrmWarehouse.Warehouse.DuckDb.DuckDbConnection($"Data Source={Path.Combine(_home, "data", "warehouse.duckdb")}");
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
    }
}
