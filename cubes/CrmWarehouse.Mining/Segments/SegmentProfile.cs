namespace CrmWarehouse.Mining.Segments;

/// <summary>
/// A segment described in the original units: its size and share, the mean of each feature, and how far
/// that mean sits from the overall mean in overall standard deviations (what makes the segment distinct).
/// </summary>
public sealed record SegmentProfile(int Segment, int Size, double Share, double[] Means, double[] Contrast)
{
    public static IReadOnlyList<SegmentProfile> Describe(FeatureMatrix original, Clustering clustering)
    {
        var columns = original.Columns.Count;
        var overall = new double[columns];
        var spread = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            overall[c] = original.Rows.Average(r => r[c]);
            spread[c] = Math.Sqrt(original.Rows.Average(r => (r[c] - overall[c]) * (r[c] - overall[c])));
        }

        var sizes = clustering.Sizes();
        var profiles = new List<SegmentProfile>();
        for (var k = 0; k < clustering.K; k++)
        {
            var means = new double[columns];
            for (var i = 0; i < original.Rows.Length; i++)
            {
                if (clustering.Assignment[i] == k)
                {
                    for (var c = 0; c < columns; c++)
                    {
                        means[c] += original.Rows[i][c];
                    }
                }
            }

            for (var c = 0; c < columns; c++)
            {
                means[c] = sizes[k] > 0 ? means[c] / sizes[k] : double.NaN;
            }

            var contrast = Enumerable.Range(0, columns).Select(c => spread[c] > 0 ? (means[c] - overall[c]) / spread[c] : 0.0).ToArray();
            profiles.Add(new SegmentProfile(k, sizes[k], (double)sizes[k] / original.Rows.Length, means, contrast));
        }

        return profiles;
    }

    /// <summary>e.g. "high balance, low age": features whose segment mean is at least half a deviation off.</summary>
    public string Headline(IReadOnlyList<string> columns)
    {
        var notable = Enumerable.Range(0, columns.Count).Where(c => Math.Abs(Contrast[c]) >= 0.5)
            .OrderByDescending(c => Math.Abs(Contrast[c])).Select(c => $"{(Contrast[c] > 0 ? "high" : "low")} {columns[c]}").ToArray();
        return notable.Length == 0 ? "typical" : string.Join(", ", notable);
    }
}
