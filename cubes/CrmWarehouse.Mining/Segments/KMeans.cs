namespace CrmWarehouse.Mining.Segments;

/// <summary>A k-means partition: centroids, the cluster of each row, and the within-cluster sum of squares.</summary>
public sealed record Clustering(double[][] Centroids, int[] Assignment, double Inertia, int Iterations)
{
    public int K => Centroids.Length;

    public int[] Sizes()
    {
        var sizes = new int[K];
        foreach (var cluster in Assignment)
        {
            sizes[cluster]++;
        }

        return sizes;
    }
}

/// <summary>
/// Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre uniformly, each next
/// one with probability proportional to D(x)², the squared distance to the nearest centre so far. Several seeded
/// restarts; the lowest inertia wins. Deterministic for a given seed.
/// </summary>
public sealed record KMeans(int K, int Seed = 42, int Restarts = 5, int MaxIterations = 300)
{
    public Clustering Fit(double[][] points, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(K, 1);
        if (points.Length < K)
        {
            throw new ArgumentException($"k-means with k = {K} needs at least {K} rows; there are {points.Length}.", nameof(points));
        }

        var random = new Random(Seed);
        Clustering? best = null;
        for (var run = 0; run < Restarts; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = Lloyd(points, PlusPlusSeeds(points, random), cancellationToken);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        return best!;
    }

    internal double[][] PlusPlusSeeds(double[][] points, Random random)
    {
        var centres = new List<double[]> { (double[])points[random.Next(points.Length)].Clone() };
        var nearest = Array.ConvertAll(points, p => FeatureMatrix.SquaredDistance(p, centres[0]));
        while (centres.Count < K)
        {
            var total = nearest.Sum();
            var chosen = 0;
            if (total > 0)
            {
                var target = random.NextDouble() * total;
                var cumulative = 0.0;
                for (chosen = 0; chosen < points.Length - 1; chosen++)
                {
                    cumulative += nearest[chosen];
                    if (cumulative > target)
                    {
                        break;
                    }
                }
            }

            var centre = (double[])points[chosen].Clone();
            centres.Add(centre);
            for (var i = 0; i < points.Length; i++)
            {
                nearest[i] = Math.Min(nearest[i], FeatureMatrix.SquaredDistance(points[i], centre));
            }
        }

        return [.. centres];
    }

    private Clustering Lloyd(double[][] points, double[][] centroids, CancellationToken cancellationToken)
    {
        var assignment = new int[points.Length];
        Array.Fill(assignment, -1);
        var dimensions = points[0].Length;
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = false;
            for (var i = 0; i < points.Length; i++)
            {
                var cluster = Nearest(points[i], centroids);
                changed |= cluster != assignment[i];
                assignment[i] = cluster;
            }

            if (!changed)
            {
                return new Clustering(centroids, assignment, Inertia(points, centroids, assignment), iteration);
            }

            var sums = new double[K][];
            var counts = new int[K];
            for (var k = 0; k < K; k++)
            {
                sums[k] = new double[dimensions];
            }

            for (var i = 0; i < points.Length; i++)
            {
                counts[assignment[i]]++;
                for (var d = 0; d < dimensions; d++)
                {
                    sums[assignment[i]][d] += points[i][d];
                }
            }

            for (var k = 0; k < K; k++)
            {
                // An emptied cluster keeps its old centre rather than becoming NaN.
                if (counts[k] > 0)
                {
                    centroids[k] = Array.ConvertAll(sums[k], s => s / counts[k]);
                }
            }
        }

        return new Clustering(centroids, assignment, Inertia(points, centroids, assignment), MaxIterations);
    }

    internal static int Nearest(double[] point, double[][] centroids)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var k = 0; k < centroids.Length; k++)
        {
            var distance = FeatureMatrix.SquaredDistance(point, centroids[k]);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (k, distance);
            }
        }

        return best;
    }

    private static double Inertia(double[][] points, double[][] centroids, int[] assignment)
    {
        var sum = 0.0;
        for (var i = 0; i < points.Length; i++)
        {
            sum += FeatureMatrix.SquaredDistance(points[i], centroids[assignment[i]]);
        }

        return sum;
    }
}
