namespace CrmWarehouse.Mining.Outliers;

/// <summary>
/// The modified z-score of Iglewicz and Hoaglin (1993): z = 0.6745 (x − median) / MAD, with MAD the median absolute
/// deviation; |z| &gt; 3.5 marks an outlier. Median and MAD ignore the outliers that inflate mean and standard
/// deviation. When MAD is 0 (more than half the values equal) the mean absolute deviation scaled by 1.2533 stands in.
/// </summary>
internal static class RobustZ
{
    /// <summary>0.6745 = Φ⁻¹(0.75): makes MAD estimate the standard deviation of a normal sample.</summary>
    private const double MadScale = 0.6745;

    /// <summary>√(π/2): the same role for the mean absolute deviation.</summary>
    private const double MeanAbsoluteDeviationScale = 1.253314;

    public static double[] Scores(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var median = Median([.. values]);
        var deviations = values.Select(v => Math.Abs(v - median)).ToArray();
        var mad = Median([.. deviations]);
        if (mad > 0)
        {
            return values.Select(v => MadScale * (v - median) / mad).ToArray();
        }

        var meanDeviation = deviations.Average();
        return meanDeviation > 0
            ? values.Select(v => (v - median) / (MeanAbsoluteDeviationScale * meanDeviation)).ToArray()
            : new double[values.Count];
    }

    public static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
