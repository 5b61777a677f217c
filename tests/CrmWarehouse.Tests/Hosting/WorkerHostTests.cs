using CrmWarehouse.Etl.Hosting;
using CrmWarehouse.Tests.DuckDb;
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
        var configDirectory = Path.Combine(Path.GetDirectoryName(warehouse.Path)!, "config");
        Directory.CreateDirectory(configDirectory);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "appsettings.json"), $$"""
            {
              "Warehouse": { "Path": "{{warehouse.Path}}" },
              "Schedule": { "NightlyCron": "0 0 2 1 1 ? 2099", "TimeZone": "UTC" },
              "Sources": []
            }
            """);

        using var host = WorkerHost.Build(CrmwConfiguration.Build(configDirectory), Path.Combine(configDirectory, "log"));
        await host.StartAsync();
        object? batches = null;
        for (var i = 0; i < 100 && batches is not 1L; i++)
        {
            await Task.Delay(200);
            batches = CountPublished(warehouse);
        }

        await host.StopAsync();
        Assert.That(batches, Is.EqualTo(1L), "one catch-up batch, triggered as a misfire");
        using var connection = warehouse.Open();
        Assert.That(connection.Scalar("SELECT trigger FROM audit.batch"), Is.EqualTo("misfire"));
        Assert.That(Directory.GetFiles(Path.Combine(configDirectory, "log"), "crmw-*.log"), Is.Not.Empty, "the rolling log file");
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
