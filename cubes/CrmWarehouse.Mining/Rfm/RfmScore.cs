using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Rfm;

/// <summary>
/// A customer's recency (days from the last transaction to the as-of date), frequency (transactions), monetary
/// value (total amount), their quintile scores 1–5 (5 = most recent, most frequent, highest spend), and segment.
/// </summary>
public sealed record RfmScore(string Customer, int RecencyDays, int Frequency, double Monetary, int R, int F, int M, RfmSegment Segment)
{
    /// <summary>Scores every customer with a transaction on or before <paramref name="asOf"/>; later ones are ignored.</summary>
    public static IReadOnlyList<RfmScore> Score(IEnumerable<Transaction> transactions, DateOnly asOf)
    {
        var customers = new Dictionary<string, (DateOnly Last, int Count, double Total)>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (t.Date > asOf)
            {
                continue;
            }

            var (last, count, total) = customers.GetValueOrDefault(t.Party);
            customers[t.Party] = (t.Date > last ? t.Date : last, count + 1, total + t.Amount);
        }

        var names = customers.Keys.ToArray();
        return FromSummaries(
            names,
            names.Select(n => asOf.DayNumber - customers[n].Last.DayNumber).ToArray(),
            names.Select(n => customers[n].Count).ToArray(),
            names.Select(n => customers[n].Total).ToArray());
    }

    /// <summary>Scores customers whose recency (days), frequency and monetary value are already summed (the warehouse does that in SQL).</summary>
    public static IReadOnlyList<RfmScore> FromSummaries(string[] names, int[] recency, int[] frequency, double[] monetary)
    {
        // Fewer days since the last purchase is better, so recency is scored on its negation.
        var r = Quintiles(recency.Select(d => -(double)d).ToArray());
        var f = Quintiles(frequency.Select(c => (double)c).ToArray());
        var m = Quintiles(monetary);
        return names.Select((n, i) => new RfmScore(n, recency[i], frequency[i], monetary[i], r[i], f[i], m[i], RfmSegments.Of(r[i], f[i], m[i]))).ToArray();
    }

    /// <summary>
    /// Quintile score 1 + ⌊5 · below / n⌋, with below the number of values strictly smaller: equal values always
    /// share a score, and heavy ties (most customers buy once) fall into the lower scores.
    /// </summary>
    public static int[] Quintiles(double[] values)
    {
        var sorted = values.Order().ToArray();
        return Array.ConvertAll(values, v =>
        {
            var below = SortedArrays.LowerBound(sorted, v);
            return 1 + (int)(5L * below / sorted.Length);
        });
    }
}
