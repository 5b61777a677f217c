using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Tests.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>
/// `crmw run` stopped with SIGTERM while a load is in each of its stages, mining included: the process ends cleanly
/// inside its 10 s shutdown budget (the host never gives up on a job), a batch not yet published rolls back, a mining
/// run is abandoned, and DuckDB is closed with its checkpoint: no .wal is left. The service runs as a real process
/// over a small generated bank, with a load every 5 seconds.
/// </summary>
[NonParallelizable]
public sealed class StopOnSigtermTests
{
    private string _home = null!;

    private string Warehouse => Path.Combine(_home, "data", "warehouse.duckdb");

    private ServiceLog Log => new(_home);

    [OneTimeSetUp]
    public async Task GenerateBank()
    {
        _home = CrmwHome.Create();

        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", Path.Combine(_home, "data", "sources")]), Is.EqualTo(0));
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_home, recursive: true);

    [TestCase("extract")]
    [TestCase("match")]
    [TestCase("transactions.load")]
    [TestCase("rollups")]
    [TestCase("mining")]
    public void Sigterm_during_a_stage_stops_the_service_cleanly_with_the_batch_rolled_back_or_published_whole(string stage)
    {
        var publishedBefore = File.Exists(Warehouse) ? PublishedBatches() : 0;
        var marker = stage == "mining" ? "starting (trigger" : $"Stage {stage} started";
        var offset = Log.Length();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRMW_HOME"] = _home;
        start.Environment["CRMW_Schedule__NightlyCron"] = "0/5 * * * * ?";
        start.Environment["CRMW_Serving__Urls"] = $"http://127.0.0.1:{FreePort()}";
        // The PostgreSQL listener too: the configured 5433 is taken when these cases run side by side (or a service runs).
        start.Environment["CRMW_Serving__PgWire__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var watch = Stopwatch.StartNew();
            while (!Log.TextAfter(offset).Contains(marker, StringComparison.Ordinal))
            {
                Assert.That(process.HasExited, Is.False, $"crmw run ended before stage {stage}: {Log.TextAfter(offset)}");
                Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(5)), $"a load reaches stage {stage}");
                Thread.Sleep(5);
            }

            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                term.WaitForExit();
            }

            // A bound far above the 10 s budget only so that a hang fails instead of blocking the run; the budget
            // itself is the host's ShutdownTimeout, and overrunning it shows in the log as a job given up on.
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "crmw run stops on SIGTERM");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var log = Log.TextAfter(offset);
        Assert.That(process.ExitCode, Is.EqualTo(0), log);
        Assert.That(log, Does.Not.Contain("gave up").IgnoreCase.And.Not.Contain("timed out").IgnoreCase, "the stop finished within the shutdown budget");
        Assert.That(File.Exists(Warehouse + ".wal"), Is.False, "DuckDB checkpointed and removed its WAL");
        if (stage == "mining")
        {
            Assert.That(log, Does.Contain("mining run was abandoned"));
            Assert.That(PublishedBatches(), Is.EqualTo(publishedBefore + 1), "the batch before the mining stays published");
        }
        else
        {
            // A small bank's batch may finish between the signal and the interrupt (its mining run then abandoned);
            // otherwise it rolls back. Either way the warehouse holds whole batches only.
            var published = PublishedBatches();
            Assert.That(published, Is.EqualTo(publishedBefore).Or.EqualTo(publishedBefore + 1), "a whole batch or none");
            Assert.That(log, published == publishedBefore ? Does.Contain("cancelled by shutdown") : Does.Contain("mining run was abandoned").Or.Contain("published batch"));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private long PublishedBatches()
    {
        using var connection = new DuckDBConnection($"Data Source={Warehouse}");
        connection.Open();
        return (long)connection.Scalar("SELECT count(*) FROM audit.batch WHERE status = 'published'")!;
    }
}
