namespace CrmWarehouse.Mining.Stage;

/// <summary>How well scores rank positives above negatives.</summary>
internal static class RankingQuality
{
    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive scores above a
    /// random negative, ties counting one half (average ranks).
    /// </summary>
    public static double Auc(double[] scores, bool[] labels)
    {
        var positives = labels.Count(l => l);
        var negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                rankSum += labels[order[k]] ? averageRank : 0;
            }

            start = end + 1;
        }

        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Share of positives among the ⌈fraction · n⌉ highest scores.</summary>
    public static double PrecisionAtTop(double[] scores, bool[] labels, double fraction)
    {
        var top = (int)Math.Ceiling(fraction * scores.Length);
        if (top == 0)
        {
            return double.NaN;
        }

        return Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(top).Count(i => labels[i]) / (double)top;
    }
}
