using CrmWarehouse.Mining.Segments;

namespace CrmWarehouse.Tests.Mining;

/// <summary>k-means++, silhouette and the choice of k.</summary>
public sealed class SegmentTests
{
    /// <summary>Three tight groups of 50 around (0, 0), (10, 0) and (0, 10), jittered by a seeded generator.</summary>
    private static double[][] ThreeBlobs()
    {
        var random = new Random(7);
        var centres = new[] { (0.0, 0.0), (10.0, 0.0), (0.0, 10.0) };
        return [.. centres.SelectMany(c => Enumerable.Range(0, 50).Select(_ => new[] { c.Item1 + random.NextDouble() - 0.5, c.Item2 + random.NextDouble() - 0.5 }))];
    }

    [Test]
    public void K_means_recovers_three_separated_groups()
    {
        var points = ThreeBlobs();

        var clustering = new KMeans(3).Fit(points, CancellationToken.None);

        for (var group = 0; group < 3; group++)
        {
            var labels = clustering.Assignment.Skip(group * 50).Take(50).Distinct().ToArray();
            Assert.That(labels, Has.Length.EqualTo(1), $"group {group} is split");
        }

        Assert.That(clustering.Assignment.Distinct().Count(), Is.EqualTo(3));
        Assert.That(clustering.Inertia, Is.LessThan(150 * 0.5));
    }

    [Test]
    public void The_same_seed_gives_the_same_segments()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 300).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();

        var first = new KMeans(4, Seed: 11).Fit(points, CancellationToken.None);
        var second = new KMeans(4, Seed: 11).Fit(points, CancellationToken.None);

        Assert.That(second.Assignment, Is.EqualTo(first.Assignment));
        Assert.That(second.Inertia, Is.EqualTo(first.Inertia));
    }

    [Test]
    public void K_means_plus_plus_never_seeds_the_same_point_twice_when_others_are_left()
    {
        var points = new[] { new[] { 0.0 }, [0.0], [0.0], [5.0], [9.0] };

        var seeds = new KMeans(3, Seed: 1).PlusPlusSeeds(points, new Random(1));

        Assert.That(seeds.Select(s => s[0]).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public void Silhouette_of_two_pairs_on_a_line_matches_the_hand_computation()
    {
        // a(0) = 1, b(0) = (10 + 11) / 2, so s(0) = 1 − 1/10.5; s(1) = 1 − 1/9.5; the other pair mirrors them.
        var points = new[] { new[] { 0.0 }, [1.0], [10.0], [11.0] };

        var score = Silhouette.Mean(points, [0, 0, 1, 1], 2, 1, CancellationToken.None);

        Assert.That(score, Is.EqualTo(((1 - 1 / 10.5) + (1 - 1 / 9.5)) / 2).Within(1e-12));
    }

    [Test]
    public void Silhouette_picks_three_segments_for_three_groups()
    {
        var (best, tried) = SegmentCount.Choose(ThreeBlobs(), 2, 6, 42, CancellationToken.None);

        Assert.That(best.K, Is.EqualTo(3));
        Assert.That(tried.Select(t => t.K), Is.EqualTo(new[] { 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void Standardising_gives_each_column_mean_zero_and_unit_spread()
    {
        var matrix = new FeatureMatrix(["age", "balance"], [[20, 1000], [30, 3000], [40, 5000], [50, 100_000]]);

        var z = matrix.Standardised();

        for (var c = 0; c < 2; c++)
        {
            Assert.That(z.Rows.Average(r => r[c]), Is.EqualTo(0).Within(1e-12));
            Assert.That(z.Rows.Average(r => r[c] * r[c]), Is.EqualTo(1).Within(1e-12));
        }
    }

    [Test]
    public void A_profile_names_what_sets_a_segment_apart()
    {
        var matrix = new FeatureMatrix(["age", "balance"], [[25, 100], [26, 120], [60, 9000], [62, 9500]]);
        var clustering = new Clustering([[25.5, 110], [61, 9250]], [0, 0, 1, 1], 0, 1);

        var profiles = SegmentProfile.Describe(matrix, clustering);

        Assert.That(profiles[1].Headline(matrix.Columns), Is.EqualTo("high balance, high age").Or.EqualTo("high age, high balance"));
        Assert.That(profiles[0].Means, Is.EqualTo(new[] { 25.5, 110 }));
        Assert.That(profiles[0].Share, Is.EqualTo(0.5));
    }
}
