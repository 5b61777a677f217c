using System.Net;
using System.Net.Http.Json;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Job;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace CrmWarehouse.Tests.Hosting;

public sealed class WorkerHostTests
{
    private static readonly CronExpression TwoAm = new("0 0 2 * * ?", TimeZoneInfo.Utc);

    [Test]
    public void A_night_is_missed_only_when_the_schedule_passed_since_the_last_batch()
    {
        var now = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        Assert.That(MissedNightCheck.NightWasMissed(TwoAm, null, now), Is.True, "never loaded");
        Assert.That(MissedNightCheck.NightWasMissed(TwoAm, now.AddHours(-6.5), now), Is.False, "loaded at 02:30 today");
        Assert.That(MissedNightCheck.NightWasMissed(TwoAm, now.AddDays(-1), now), Is.True, "last load yesterday morning, 02:00 today passed");
        Assert.That(MissedNightCheck.NightWasMissed(TwoAm, now.AddDays(-3), now), Is.True, "three nights missed still means one catch-up");
    }

    [Test]
    public async Task Service_runs_a_missed_night_once_at_start_and_stops_cleanly()
    {
        using var warehouse = new TempDatabase();
        var configDirectory = await WriteConfig(warehouse, serving: false);

        using var host = WorkerHost.Build(CrmwConfiguration.Build(configDirectory), Path.Combine(configDirectory, "log"));
        await host.StartAsync();
        var batches = await WaitForPublishedBatch(warehouse);
        await host.StopAsync();

        Assert.That(batches, Is.EqualTo(1L), "one catch-up batch, triggered as a misfire");
        using var connection = warehouse.Open();
        Assert.That(connection.Scalar("SELECT trigger FROM audit.batch"), Is.EqualTo("misfire"));
        var lines = LogLines(configDirectory);
        Assert.That(lines.Where(l => l.Contains("Stage publish started", StringComparison.Ordinal)),
            Has.One.Contains("\"BatchId\":1"), "the rolling log file, each stage's line with the batch id from the log context");
        Assert.That(lines, Has.Some.Contains("published batch 1").And.None.Contains("failed"), "an empty first night publishes and has nothing to mine");
    }

    [Test]
    public async Task Service_logs_each_request_with_its_request_id_and_never_the_query_text()
    {
        using var warehouse = new TempDatabase();
        var configDirectory = await WriteConfig(warehouse, serving: true);
        using (var host = WorkerHost.Build(CrmwConfiguration.Build(configDirectory), Path.Combine(configDirectory, "log")))
        {
            await host.StartAsync();
            await WaitForPublishedBatch(warehouse);
            var url = host.Services.GetServices<IHostedService>().OfType<ServingService>().Single().Urls.Single();
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            // Signed in as the CLI of this host is: with the token the service leaves beside the warehouse.
            client.DefaultRequestHeaders.Authorization = new("Bearer", CrmWarehouse.Serving.Security.LocalServiceToken.Read(warehouse.Path));
            using var answered = await client.PostAsJsonAsync("/api/sql", new { sql = "SELECT 'needle-answered' AS secret" });
            using var failed = await client.PostAsJsonAsync("/api/sql", new { sql = "SELECT needle_failed FROM dw.nowhere" });
            using var customer = await client.GetAsync(new Uri("/api/mining/customers/987654321", UriKind.Relative));
            Assert.That((answered.StatusCode, failed.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.BadRequest)));
            await host.StopAsync();
        }

        var lines = LogLines(configDirectory);
        var requests = lines.Where(l => l.Contains("HTTP POST /api/sql responded", StringComparison.Ordinal)).ToList();
        Assert.That(requests, Has.Count.EqualTo(2), string.Join('\n', lines));
        Assert.That(requests, Has.All.Match("\"RequestId\":\"[^\"]+\""), "each request line carries its request id");
        Assert.That(requests[1], Does.Contain("responded 400").And.Contain("\"Error\":\"Query failed\""));
        Assert.That(lines, Has.Some.Contains("HTTP GET /api/mining/customers/{id:long} responded"), "the route, not the path");
        Assert.That(lines, Has.None.Contains("needle").And.None.Contains("987654321"), "no query text, result or customer key in the log");
    }

    private static async Task<string> WriteConfig(TempDatabase warehouse, bool serving)
    {
        var configDirectory = Path.Combine(Path.GetDirectoryName(warehouse.Path)!, "config");
        Directory.CreateDirectory(configDirectory);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "appsettings.json"), $$"""
            {
              "Warehouse": { "Path": "{{warehouse.Path}}" },
              "Schedule": { "NightlyCron": "0 0 2 1 1 ? 2099", "TimeZone": "UTC" },
              {{(serving ? "\"Serving\": { \"Urls\": \"http://127.0.0.1:0\" }," : "")}}
              "Sources": []
            }
            """);
        return configDirectory;
    }

    /// <summary>Polls until the catch-up batch is published (at most 20 s); the published count, or null.</summary>
    private static async Task<object?> WaitForPublishedBatch(TempDatabase warehouse)
    {
        object? batches = null;
        for (var i = 0; i < 100 && batches is not 1L; i++)
        {
            await Task.Delay(200);
            batches = CountPublished(warehouse);
        }

        return batches;
    }

    private static List<string> LogLines(string configDirectory)
    {
        var files = Directory.GetFiles(Path.Combine(configDirectory, "log"), "crmw-*.log");
        Assert.That(files, Is.Not.Empty, "the rolling log file");
        return files.SelectMany(File.ReadLines).ToList();
    }

    private static object? CountPublished(TempDatabase warehouse)
    {
        try
        {
            using var connection = warehouse.Open();
            return connection.Scalar("SELECT count(*) FROM audit.batch WHERE status = 'published'");
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null; // not migrated yet
        }
    }
}
