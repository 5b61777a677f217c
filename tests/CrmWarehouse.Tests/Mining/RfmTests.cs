using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Rfm;

namespace CrmWarehouse.Tests.Mining;

/// <summary>RFM quintile scores, named segments and migration.</summary>
public sealed class RfmTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Test]
    public void Ten_distinct_values_get_two_customers_per_quintile()
    {
        var scores = RfmScore.Quintiles([.. Enumerable.Range(1, 10).Select(i => (double)i)]);

        Assert.That(scores, Is.EqualTo(new[] { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 }));
    }

    [Test]
    public void Equal_values_share_a_quintile()
    {
        var scores = RfmScore.Quintiles([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);

        Assert.That(scores, Is.EqualTo(new[] { 1, 1, 1, 1, 1, 1, 4, 4, 5, 5 }));
    }

    [TestCase(5, 5, 4, "Champions")]
    [TestCase(4, 3, 3, "Loyal")]
    [TestCase(3, 5, 5, "Loyal")]
    [TestCase(5, 2, 2, "PotentialLoyalist")]
    [TestCase(5, 1, 1, "New")]
    [TestCase(3, 1, 2, "AboutToSleep")]
    [TestCase(2, 4, 3, "AtRisk")]
    [TestCase(1, 5, 4, "CantLoseThem")]
    [TestCase(1, 3, 3, "AtRisk")]
    [TestCase(2, 1, 2, "Hibernating")]
    [TestCase(1, 1, 1, "Lost")]
    public void Segment_follows_the_recency_by_frequency_monetary_grid(int r, int f, int m, string expected)
    {
        Assert.That(RfmSegments.Of(r, f, m), Is.EqualTo(Enum.Parse<RfmSegment>(expected)));
    }

    [Test]
    public void A_recent_frequent_big_spender_is_a_champion_and_a_long_gone_one_time_buyer_is_lost()
    {
        var transactions = new List<Transaction>();
        for (var c = 0; c < 10; c++)
        {
            // Customer c last bought 10·c days ago, 10 − c times, 100·(10 − c) each: c0 is best on all three.
            for (var k = 0; k <= 9 - c; k++)
            {
                transactions.Add(new Transaction($"c{c}", AsOf.AddDays(-10 * c - k), 100 * (10 - c)));
            }
        }

        var scores = RfmScore.Score(transactions, AsOf).ToDictionary(s => s.Customer);

        Assert.That((scores["c0"].R, scores["c0"].F, scores["c0"].M, scores["c0"].Segment), Is.EqualTo((5, 5, 5, RfmSegment.Champions)));
        Assert.That((scores["c9"].R, scores["c9"].F, scores["c9"].M, scores["c9"].Segment), Is.EqualTo((1, 1, 1, RfmSegment.Lost)));
        Assert.That(scores["c9"].RecencyDays, Is.EqualTo(90));
        Assert.That(scores["c9"].Frequency, Is.EqualTo(1));
    }

    [Test]
    public void Transactions_after_the_as_of_date_are_ignored()
    {
        var scores = RfmScore.Score([new("a", AsOf, 10), new("a", AsOf.AddDays(1), 1000), new("b", AsOf.AddDays(3), 5)], AsOf);

        Assert.That(scores.Select(s => (s.Customer, s.Frequency, s.Monetary)), Is.EqualTo(new[] { ("a", 1, 10.0) }));
    }

    [Test]
    public void Migration_counts_moves_between_segments_and_new_arrivals()
    {
        RfmScore S(string customer, RfmSegment segment) => new(customer, 0, 1, 1, 1, 1, 1, segment);
        var earlier = new[] { S("a", RfmSegment.Champions), S("b", RfmSegment.Champions) };
        var later = new[] { S("a", RfmSegment.AtRisk), S("b", RfmSegment.Champions), S("c", RfmSegment.New) };

        var moves = RfmMigration.Between(earlier, later);

        Assert.That(moves[(RfmSegment.Champions, RfmSegment.AtRisk)], Is.EqualTo(1));
        Assert.That(moves[(RfmSegment.Champions, RfmSegment.Champions)], Is.EqualTo(1));
        Assert.That(moves[(null, RfmSegment.New)], Is.EqualTo(1));
    }
}
