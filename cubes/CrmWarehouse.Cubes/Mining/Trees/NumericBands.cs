using System.Globalization;

namespace CrmWarehouse.Cubes.Mining.Trees;

/// <summary>
/// Equal-frequency discretisation of a numeric attribute: cut points at the 1/k, 2/k, … quantiles,
/// so each band holds about the same number of rows. Band i holds cut[i−1] ≤ v &lt; cut[i].
/// </summary>
public sealed class NumericBands
{
    private readonly double[] _cuts;

    private NumericBands(double[] cuts) => _cuts = cuts;

    public IReadOnlyList<double> Cuts => _cuts;

    public int Count => _cuts.Length + 1;

    public static NumericBands EqualFrequency(IReadOnlyList<double> values, int bands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 2);
        var sorted = values.Order().ToArray();
        var cuts = new SortedSet<double>();
        for (var i = 1; i < bands && sorted.Length > 0; i++)
        {
            var cut = sorted[(int)((long)i * sorted.Length / bands)];
            // A cut at the minimum would leave its band empty.
            if (cut > sorted[0])
            {
                cuts.Add(cut);
            }
        }

        return new NumericBands([.. cuts]);
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
