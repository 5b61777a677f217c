using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Clv;

/// <summary>
/// A customer's calibration-period summary in the form BG/NBD and Gamma-Gamma use, time in weeks:
/// <paramref name="Frequency"/> x = repeat purchase days (distinct purchase days − 1),
/// <paramref name="Recency"/> t_x = first to last purchase, <paramref name="Age"/> T = first purchase to the
/// end of calibration, <paramref name="MeanRepeatValue"/> z̄ = mean spend per repeat purchase day (0 when x = 0).
/// </summary>
public sealed record CustomerHistory(string Customer, int Frequency, double Recency, double Age, double MeanRepeatValue)
{
    private const double DaysPerWeek = 7.0;

    /// <summary>
    /// Summarises transactions up to and including <paramref name="calibrationEnd"/>; later ones are ignored.
    /// Purchases on the same day count as one purchase whose value is their sum (as Fader, Hardie and Lee do for CDNOW).
    /// </summary>
    public static IReadOnlyList<CustomerHistory> Summarise(IEnumerable<Transaction> transactions, DateOnly calibrationEnd)
    {
        var byCustomer = new Dictionary<string, SortedDictionary<DateOnly, double>>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (t.Date > calibrationEnd)
            {
                continue;
            }

            if (!byCustomer.TryGetValue(t.Party, out var days))
            {
                byCustomer[t.Party] = days = [];
            }

            days[t.Date] = days.GetValueOrDefault(t.Date) + t.Amount;
        }

        var end = calibrationEnd.DayNumber;
        var result = new List<CustomerHistory>(byCustomer.Count);
        foreach (var (customer, days) in byCustomer)
        {
            var first = days.Keys.First().DayNumber;
            var last = days.Keys.Last().DayNumber;
            var repeats = days.Count - 1;
            var repeatValue = days.Values.Sum() - days.Values.First();
            result.Add(new CustomerHistory(
                customer,
                repeats,
                (last - first) / DaysPerWeek,
                (end - first) / DaysPerWeek,
                repeats > 0 ? repeatValue / repeats : 0.0));
        }

        return result;
    }
}
