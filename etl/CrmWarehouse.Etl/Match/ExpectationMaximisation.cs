namespace CrmWarehouse.Etl.Match;

/// <summary>
/// Fits λ and m (and optionally u) to comparison vectors by expectation–maximisation, working on the distinct
/// vectors with their pair counts, so one iteration costs the number of patterns, not the number of pairs.
/// Comparisons are taken as independent given match status (the Fellegi–Sunter assumption).
/// </summary>
internal static class ExpectationMaximisation
{
    public sealed record Fit(FellegiSunterModel Model, int Iterations, bool Converged);

    public static Fit Run(
        IReadOnlyList<GammaPattern> patterns,
        FellegiSunterModel start,
        bool estimateU,
        int maxIterations,
        double tolerance,
        CancellationToken cancellationToken)
    {
        if (patterns.Sum(p => p.Pairs) == 0)
        {
            return new Fit(start, 0, true);
        }

        var model = start;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = Step(patterns, model, estimateU);
            if (Distance(model, next) < tolerance)
            {
                return new Fit(next, iteration, true);
            }

            model = next;
        }

        return new Fit(model, maxIterations, false);

        static FellegiSunterModel Step(IReadOnlyList<GammaPattern> patterns, FellegiSunterModel model, bool estimateU)
        {
            var comparisons = model.Comparisons;
            var mCounts = comparisons.Select(c => new double[c.LevelCount]).ToArray();
            var uCounts = comparisons.Select(c => new double[c.LevelCount]).ToArray();
            double matches = 0, total = 0;
            foreach (var pattern in patterns)
            {
                // E step: the posterior that a pair with this vector is a match.
                var posterior = FellegiSunterModel.Probability(model.MatchWeight(pattern.Gammas));
                var matched = posterior * pattern.Pairs;
                matches += matched;
                total += pattern.Pairs;
                for (var k = 0; k < pattern.Gammas.Length; k++)
                {
                    var gamma = pattern.Gammas[k];
                    if (gamma >= 0)
                    {
                        mCounts[k][gamma] += matched;
                        uCounts[k][gamma] += pattern.Pairs - matched;
                    }
                }
            }

            // M step: λ and each level's share among (expected) matches and non-matches; a level no pair reached
            // gets half a pair, as in FellegiSunterModel.EstimateU, so that it weighs a lot but not without bound.
            var lambda = Math.Clamp(matches / total, FellegiSunterModel.Floor, 1 - FellegiSunterModel.Floor);
            return new FellegiSunterModel(comparisons, lambda, Normalise(mCounts), estimateU ? Normalise(uCounts) : model.U);
        }

        static double[][] Normalise(double[][] counts) => counts.Select(levels =>
        {
            var smoothed = levels.Select(c => Math.Max(c, 0.5)).ToArray();
            var sum = smoothed.Sum();
            return smoothed.Select(c => c / sum).ToArray();
        }).ToArray();
    }

    private static double Distance(FellegiSunterModel a, FellegiSunterModel b)
    {
        var distance = Math.Abs(a.Lambda - b.Lambda);
        for (var k = 0; k < a.M.Length; k++)
        {
            for (var g = 0; g < a.M[k].Length; g++)
            {
                distance = Math.Max(distance, Math.Max(Math.Abs(a.M[k][g] - b.M[k][g]), Math.Abs(a.U[k][g] - b.U[k][g])));
            }
        }

        return distance;
    }
}
