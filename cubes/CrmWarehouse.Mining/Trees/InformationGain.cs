namespace CrmWarehouse.Mining.Trees;

/// <summary>
/// Entropy H(S) = −Σ pᵢ log₂ pᵢ; information gain of attribute A: H(S) − Σᵥ |Sᵥ|/|S| H(Sᵥ);
/// split information −Σᵥ |Sᵥ|/|S| log₂(|Sᵥ|/|S|); gain ratio = gain / split information (Quinlan 1986, 1993).
/// </summary>
public readonly record struct InformationGain(int Attribute, double Gain, double SplitInformation)
{
    public double GainRatio => SplitInformation > 0 ? Gain / SplitInformation : 0.0;

    public static double Entropy(ReadOnlySpan<int> counts)
    {
        var total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var entropy = 0.0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var p = (double)c / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Scores splitting <paramref name="rows"/> of <paramref name="table"/> on one attribute.</summary>
    public static InformationGain Of(AttributeTable table, IReadOnlyList<int> rows, int attribute)
    {
        var classes = table.Classes.Count;
        var valueCount = table.Values[attribute].Count;
        var byValue = new int[valueCount * classes];
        var all = new int[classes];
        var sizes = new int[valueCount];
        foreach (var r in rows)
        {
            var v = table.Rows[r][attribute];
            byValue[v * classes + table.Target[r]]++;
            all[table.Target[r]]++;
            sizes[v]++;
        }

        var remainder = 0.0;
        var split = 0.0;
        for (var v = 0; v < valueCount; v++)
        {
            if (sizes[v] == 0)
            {
                continue;
            }

            var share = (double)sizes[v] / rows.Count;
            remainder += share * Entropy(byValue.AsSpan(v * classes, classes));
            split -= share * Math.Log2(share);
        }

        return new InformationGain(attribute, Entropy(all) - remainder, split);
    }
}
