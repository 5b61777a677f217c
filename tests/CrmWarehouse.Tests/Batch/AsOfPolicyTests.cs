using CrmWarehouse.Etl.Batch;
using Microsoft.Extensions.Time.Testing;

namespace CrmWarehouse.Tests.Batch;

/// <summary>How a batch's business date is chosen: once, from the bank's time zone and the sources, never beyond either.</summary>
public sealed class AsOfPolicyTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 2026-11-30 17:30 UTC is 2026-12-01 01:30 in Shanghai: the nightly run after 2026-11-30 closed there.
    private static FakeTimeProvider NightAfterNovember30() => new(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero));

    [Test]
    public void Defaults_to_the_last_closed_day_in_the_banks_time_zone_not_in_utc()
    {
        var policy = new AsOfPolicy(NightAfterNovember30(), Shanghai, sourcesBusinessDate: null);
        Assert.That(policy.Choose(null), Is.EqualTo(new DateOnly(2026, 11, 30)), "in UTC it is still 2026-11-30, which has not closed");
    }

    [Test]
    public void Defaults_to_the_sources_business_date_when_it_is_earlier()
    {
        var policy = new AsOfPolicy(NightAfterNovember30(), Shanghai, new DateOnly(2026, 6, 30));
        Assert.That(policy.Choose(null), Is.EqualTo(new DateOnly(2026, 6, 30)));
    }

    [Test]
    public void Takes_a_requested_date_that_has_closed_and_that_the_sources_hold()
    {
        var policy = new AsOfPolicy(NightAfterNovember30(), Shanghai, new DateOnly(2026, 6, 30));
        Assert.That(policy.Choose(new DateOnly(2026, 6, 29)), Is.EqualTo(new DateOnly(2026, 6, 29)));
    }

    [Test]
    public void Refuses_a_day_that_has_not_closed_in_the_banks_time_zone()
    {
        var policy = new AsOfPolicy(NightAfterNovember30(), Shanghai, sourcesBusinessDate: null);
        var error = Assert.Throws<AsOfRefusedException>(() => policy.Choose(new DateOnly(2026, 12, 1)))!;
        Assert.That(error.Message, Does.Contain("2026-12-01").And.Contain("Asia/Shanghai").And.Contain("2026-11-30"));
    }

    [Test]
    public void Refuses_a_day_after_the_sources_business_date_so_no_watermark_passes_rows_still_to_come()
    {
        var policy = new AsOfPolicy(NightAfterNovember30(), Shanghai, new DateOnly(2026, 6, 30));
        var error = Assert.Throws<AsOfRefusedException>(() => policy.Choose(new DateOnly(2026, 11, 30)))!;
        Assert.That(error.Message, Does.Contain("after the sources' business date 2026-06-30"));
    }

    [Test]
    public void Moves_with_the_clock_only_when_a_day_closes()
    {
        var clock = NightAfterNovember30();
        var policy = new AsOfPolicy(clock, Shanghai, sourcesBusinessDate: null);
        clock.Advance(TimeSpan.FromHours(22));
        Assert.That(policy.Choose(null), Is.EqualTo(new DateOnly(2026, 11, 30)), "23:30 in Shanghai on 2026-12-01: that day is still open");
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(policy.Choose(null), Is.EqualTo(new DateOnly(2026, 12, 1)));
    }
}
