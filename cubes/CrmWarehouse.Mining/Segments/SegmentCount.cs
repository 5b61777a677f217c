namespace CrmWarehouse.Mining.Segments;

/// <summary>Chooses k: k-means for every k in a range, and the k with the highest mean silhouette.</summary>
public static class SegmentCount
{
    public static (Clustering Best, IReadOnlyList<(int K, double Silhouette, double Inertia)> Tried) Choose(
        double[][] standardised, int from, int to, int seed, CancellationToken cancellationToken)
    {
        if (from < 2 || to < from)
        {
            throw new ArgumentException($"k range {from}..{to}: silhouettes need 2 <= from <= to.");
        }

        Clustering? best = null;
        var bestScore = double.MinValue;
        var tried = new List<(int, double, double)>();
        for (var k = from; k <= to; k++)
        {
            var clustering = new KMeans(k, seed).Fit(standardised, cancellationToken);
            var score = Silhouette.Mean(standardised, clustering.Assignment, k, seed, cancellationToken);
            tried.Add((k, score, clustering.Inertia));
            if (score > bestScore)
            {
                (best, bestScore) = (clustering, score);
            }
        }

        return (best!, tried);
    }
}
