namespace CrmWarehouse.Etl.Match;

/// <summary>
/// The Fellegi–Sunter model: λ, the share of matches among the pairs scored, and per comparison level the
/// probability m of that level among matches and u among non-matches. A pair's match weight is
/// log2(λ / (1 − λ)) plus, per comparison, log2(m / u) of its level (a missing value weighs nothing).
/// </summary>
public sealed class FellegiSunterModel
{
    /// <summary>No level is ever certain or impossible: keeps every weight finite (probability units).</summary>
    public const double Floor = 1e-6;

    public FellegiSunterModel(IReadOnlyList<Comparison> comparisons, double lambda, double[][] m, double[][] u)
    {
        Comparisons = comparisons;
        Lambda = lambda;
        M = m;
        U = u;
    }

    public IReadOnlyList<Comparison> Comparisons { get; }

    public double Lambda { get; }

    /// <summary>m[k][gamma]: P(level | match) of comparison k.</summary>
    public double[][] M { get; }

    /// <summary>u[k][gamma]: P(level | non-match) of comparison k.</summary>
    public double[][] U { get; }

    public double PriorWeight => Math.Log2(Lambda / (1 - Lambda));

    public double LevelWeight(int comparison, int gamma) =>
        gamma < 0 ? 0 : Math.Log2(Math.Max(M[comparison][gamma], Floor) / Math.Max(U[comparison][gamma], Floor));

    public double MatchWeight(int[] gammas)
    {
        var weight = PriorWeight;
        for (var k = 0; k < gammas.Length; k++)
        {
            weight += LevelWeight(k, gammas[k]);
        }

        return weight;
    }

    public static double Probability(double weight) => 1 / (1 + Math.Pow(2, -weight));

    public static double Weight(double probability) => Math.Log2(probability / (1 - probability));

    /// <summary>
    /// u from the comparison vectors of random pairs: the share of each level among the pairs where both values
    /// are present. A level never seen at random gets half a pair, so that it weighs a lot but not infinitely.
    /// </summary>
    public static double[][] EstimateU(IReadOnlyList<Comparison> comparisons, IReadOnlyList<GammaPattern> randomPairs)
    {
        var u = new double[comparisons.Count][];
        for (var k = 0; k < comparisons.Count; k++)
        {
            var counts = new double[comparisons[k].LevelCount];
            foreach (var pattern in randomPairs)
            {
                if (pattern.Gammas[k] >= 0)
                {
                    counts[pattern.Gammas[k]] += pattern.Pairs;
                }
            }

            for (var g = 0; g < counts.Length; g++)
            {
                counts[g] = Math.Max(counts[g], 0.5);
            }

            var total = counts.Sum();
            u[k] = counts.Select(c => c / total).ToArray();
        }

        return u;
    }

    /// <summary>A start for EM: matches mostly agree at the top level, rarely fall to "else".</summary>
    public static double[][] StartingM(IReadOnlyList<Comparison> comparisons)
    {
        const double Top = 0.7, Else = 0.05;
        return comparisons.Select(c =>
        {
            var m = new double[c.LevelCount];
            m[0] = Else;
            m[^1] = Top;
            var middle = c.LevelCount - 2;
            for (var g = 1; g < c.LevelCount - 1; g++)
            {
                m[g] = (1 - Top - Else) / middle;
            }

            if (middle == 0)
            {
                m[^1] = 1 - Else;
            }

            return m;
        }).ToArray();
    }
}
