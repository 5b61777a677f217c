using CrmWarehouse.Etl.Match;

namespace CrmWarehouse.Tests.Match;

/// <summary>EM on comparison vectors drawn from a model with planted λ, m and u.</summary>
public sealed class ExpectationMaximisationTests
{
    private static readonly Comparison[] Comparisons =
    [
        Comparison("name", 2),
        Comparison("birth_date", 1),
        Comparison("phone", 1),
        Comparison("city", 1),
    ];

    // Per comparison, probabilities of gamma 0 (else), 1, … (top); a missing value is drawn separately.
    private static readonly double[][] PlantedM = [[0.05, 0.15, 0.80], [0.08, 0.92], [0.15, 0.85], [0.10, 0.90]];
    private static readonly double[][] PlantedU = [[0.97, 0.02, 0.01], [0.995, 0.005], [0.999, 0.001], [0.90, 0.10]];
    private const double PlantedLambda = 0.2;

    [Test]
    public void Recovers_planted_m_and_lambda_when_u_is_known()
    {
        var patterns = Draw(200_000, seed: 7);
        var start = new FellegiSunterModel(Comparisons, 0.5, FellegiSunterModel.StartingM(Comparisons), PlantedU);
        var fit = ExpectationMaximisation.Run(patterns, start, estimateU: false, 500, 1e-8, CancellationToken.None);

        Assert.That(fit.Converged, Is.True);
        Assert.That(fit.Model.Lambda, Is.EqualTo(PlantedLambda).Within(0.01));
        AssertClose(fit.Model.M, PlantedM, 0.02);
    }

    [Test]
    public void Recovers_planted_m_u_and_lambda_when_u_is_estimated_too()
    {
        var patterns = Draw(200_000, seed: 11);
        var roughU = PlantedU.Select(levels => levels.Select(_ => 1.0 / levels.Length).ToArray()).ToArray();
        var start = new FellegiSunterModel(Comparisons, 0.5, FellegiSunterModel.StartingM(Comparisons), roughU);
        var fit = ExpectationMaximisation.Run(patterns, start, estimateU: true, 1000, 1e-8, CancellationToken.None);

        Assert.That(fit.Model.Lambda, Is.EqualTo(PlantedLambda).Within(0.01));
        AssertClose(fit.Model.M, PlantedM, 0.02);
        AssertClose(fit.Model.U, PlantedU, 0.02);
    }

    [Test]
    public void Estimates_u_as_the_share_of_each_level_among_random_pairs_with_both_values()
    {
        GammaPattern[] random = [new([2, 1, 1, 0], 10), new([0, 0, -1, 1], 30), new([1, 0, 0, 1], 60)];
        var u = FellegiSunterModel.EstimateU(Comparisons, random);

        Assert.That(u[0], Is.EqualTo(new[] { 0.3, 0.6, 0.1 }).Within(1e-12));
        Assert.That(u[2][1], Is.EqualTo(10.0 / 70).Within(1e-12), "the pair with a missing phone does not count");
        Assert.That(u[1].Sum(), Is.EqualTo(1).Within(1e-12));
    }

    private static Comparison Comparison(string name, int fuzzyLevels) => new()
    {
        Name = name,
        Column = name,
        Levels = [new ComparisonLevel { Kind = LevelKind.Exact }, .. Enumerable.Repeat(new ComparisonLevel { Kind = LevelKind.JaroWinkler, Threshold = 0.9 }, fuzzyLevels - 1)],
    };

    /// <summary>Pairs drawn from the planted model, 5 % of values missing, grouped into distinct vectors.</summary>
    private static List<GammaPattern> Draw(int pairs, int seed)
    {
        var random = new Random(seed);
        var counts = new Dictionary<string, (int[] Gammas, long Pairs)>();
        for (var i = 0; i < pairs; i++)
        {
            var match = random.NextDouble() < PlantedLambda;
            var gammas = new int[Comparisons.Length];
            for (var k = 0; k < gammas.Length; k++)
            {
                gammas[k] = random.NextDouble() < 0.05 ? -1 : Pick(match ? PlantedM[k] : PlantedU[k], random.NextDouble());
            }

            var key = string.Join(',', gammas);
            counts[key] = counts.TryGetValue(key, out var seen) ? (seen.Gammas, seen.Pairs + 1) : (gammas, 1);
        }

        return counts.Values.Select(v => new GammaPattern(v.Gammas, v.Pairs)).ToList();
    }

    private static int Pick(double[] probabilities, double draw)
    {
        for (var g = 0; g < probabilities.Length - 1; g++)
        {
            draw -= probabilities[g];
            if (draw < 0)
            {
                return g;
            }
        }

        return probabilities.Length - 1;
    }

    private static void AssertClose(double[][] actual, double[][] expected, double tolerance) => Assert.Multiple(() =>
    {
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.That(actual[k], Is.EqualTo(expected[k]).Within(tolerance), $"comparison {Comparisons[k].Name}");
        }
    });
}
