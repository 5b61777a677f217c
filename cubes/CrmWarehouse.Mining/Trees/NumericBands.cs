using System.Globalization;

namespace CrmWarehouse.Mining.Trees;

/// <summary>
/// Equal-frequency discretisation of a numeric attribute: cut points at the 1/k, 2/k, … quantiles,
/// so each band holds about the same number of rows (each cut splits what is left above the previous one); or cut points
/// given by the analyst (<see cref="At"/>). Band i holds cut[i−1] ≤ v &lt; cut[i].
/// </summary>
internal sealed class NumericBands
{
    private readonly double[] _cuts;

    private NumericBands(double[] cuts) => _cuts = cuts;

    public IReadOnlyList<double> Cuts => _cuts;

    public int Count => _cuts.Length + 1;

    public static NumericBands EqualFrequency(IReadOnlyList<double> values, int bands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 2);
        var sorted = values.Order().ToArray();
        var cuts = new List<double>();
        var start = 0;
        for (var remaining = bands; remaining > 1 && start < sorted.Length; remaining--)
        {
            var cut = sorted[start + (sorted.Length - start) / remaining];
            if (cut <= sorted[start])
            {
                // A heavily repeated value (pdays = −1 for most bank clients) swallows several quantiles:
                // it gets a band of its own and the values above it share the remaining bands.
                var above = SortedArrays.UpperBound(sorted, sorted[start]);
                if (above == sorted.Length)
                {
                    break;
                }

                cut = sorted[above];
            }

            cuts.Add(cut);
            start = SortedArrays.LowerBound(sorted, cut);
        }

        return new NumericBands([.. cuts]);
    }

    /// <summary>Bands at cut points the analyst chose (e.g. ages 30 and 55: under 30, 30 to 55, 55 and over).</summary>
    public static NumericBands At(IEnumerable<double> cuts)
    {
        var sorted = cuts.Where(double.IsFinite).Distinct().Order().ToArray();
        return sorted.Length == 0 ? throw new ArgumentException("Cut points need at least one finite number.", nameof(cuts)) : new NumericBands(sorted);
    }

    public int BandOf(double value)
    {
        var index = Array.BinarySearch(_cuts, value);
        return index >= 0 ? index + 1 : ~index;
    }

    public string Label(int band)
    {
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        if (_cuts.Length == 0)
        {
            return "any";
        }

        return band == 0 ? $"< {F(_cuts[0])}"
            : band == _cuts.Length ? $">= {F(_cuts[^1])}"
            : $"{F(_cuts[band - 1])} to < {F(_cuts[band])}";
    }
}
