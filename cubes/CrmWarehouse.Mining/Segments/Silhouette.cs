namespace CrmWarehouse.Mining.Segments;

/// <summary>
/// Mean silhouette (Rousseeuw 1987): for each row s = (b − a) / max(a, b), with a the mean distance to the other
/// rows of its cluster and b the smallest mean distance to the rows of another cluster; s = 0 for a row alone in
/// its cluster. Euclidean distance. Above <see cref="MaxRowsScored"/> rows a seeded random sample of rows is
/// scored (each still against all rows), which keeps the cost linear in the data.
/// </summary>
public static class Silhouette
{
    public const int MaxRowsScored = 2000;

    public static double Mean(double[][] points, int[] assignment, int k, int seed, CancellationToken cancellationToken)
    {
        var scored = Enumerable.Range(0, points.Length).ToArray();
        if (scored.Length > MaxRowsScored)
        {
            new Random(seed).Shuffle(scored);
            scored = scored[..MaxRowsScored];
        }

        var sizes = new int[k];
        foreach (var cluster in assignment)
        {
            sizes[cluster]++;
        }

        var total = 0.0;
        var distances = new double[k];
        foreach (var i in scored)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(distances);
            for (var j = 0; j < points.Length; j++)
            {
                distances[assignment[j]] += Math.Sqrt(FeatureMatrix.SquaredDistance(points[i], points[j]));
            }

            total += Of(assignment[i], distances, sizes);
        }

        return total / scored.Length;
    }

    private static double Of(int own, double[] distanceSums, int[] sizes)
    {
        if (sizes[own] <= 1)
        {
            return 0.0;
        }

        var a = distanceSums[own] / (sizes[own] - 1);
        var b = double.MaxValue;
        for (var c = 0; c < sizes.Length; c++)
        {
            if (c != own && sizes[c] > 0)
            {
                b = Math.Min(b, distanceSums[c] / sizes[c]);
            }
        }

        return b == double.MaxValue ? 0.0 : (b - a) / Math.Max(a, b);
    }
}
