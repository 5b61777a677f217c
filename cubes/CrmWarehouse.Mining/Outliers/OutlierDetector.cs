using System.Globalization;
using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Outliers;

/// <summary>
/// Runs the threshold rules and the robust z-score over transactions grouped by account and day:
/// structuring (repeated just-under-threshold amounts in a rolling window), split deposits (one day's
/// sub-threshold amounts adding up to the threshold), daily amount, velocity (count per day), and days
/// whose total is an outlier for that account (<see cref="RobustZ"/> of log(1 + daily total)).
/// </summary>
public sealed class OutlierDetector(OutlierRules rules)
{
    public IReadOnlyList<Alert> Detect(IEnumerable<Transaction> transactions, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, SortedDictionary<DateOnly, List<double>>>(StringComparer.Ordinal);
        foreach (var t in transactions)
        {
            if (!accounts.TryGetValue(t.Party, out var days))
            {
                accounts[t.Party] = days = [];
            }

            if (!days.TryGetValue(t.Date, out var amounts))
            {
                days[t.Date] = amounts = [];
            }

            amounts.Add(Math.Abs(t.Amount));
        }

        var alerts = new List<Alert>();
        foreach (var (account, days) in accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Structuring(account, days, alerts);
            DailyRules(account, days, alerts);
            OwnHistory(account, days, alerts);
        }

        return alerts;
    }

    private void Structuring(string account, SortedDictionary<DateOnly, List<double>> days, List<Alert> alerts)
    {
        var nearDates = new List<DateOnly>();
        foreach (var (date, amounts) in days)
        {
            nearDates.AddRange(amounts.Where(rules.IsJustUnder).Select(_ => date));
        }

        // One alert per episode: when the rolling count first reaches the limit, not on every later hit.
        var start = 0;
        var inEpisode = false;
        for (var end = 0; end < nearDates.Count; end++)
        {
            while (nearDates[end].DayNumber - nearDates[start].DayNumber >= rules.WindowDays)
            {
                start++;
            }

            var count = end - start + 1;
            if (count >= rules.StructuringCount && !inEpisode)
            {
                alerts.Add(new Alert(account, nearDates[end], AlertRule.Structuring,
                    $"{count} amounts in [{Money(rules.NearFloor)}, {Money(rules.ReportingThreshold)}) within {rules.WindowDays} days", count));
            }

            inEpisode = count >= rules.StructuringCount;
        }
    }

    private void DailyRules(string account, SortedDictionary<DateOnly, List<double>> days, List<Alert> alerts)
    {
        foreach (var (date, amounts) in days)
        {
            var total = amounts.Sum();
            if (amounts.Count >= 2 && total >= rules.ReportingThreshold && amounts.TrueForAll(a => a < rules.ReportingThreshold))
            {
                alerts.Add(new Alert(account, date, AlertRule.SplitDeposits,
                    $"{amounts.Count} amounts each under {Money(rules.ReportingThreshold)} total {Money(total)} in one day", total));
            }

            if (total >= rules.DailyAmountLimit)
            {
                alerts.Add(new Alert(account, date, AlertRule.DailyAmount, $"daily total {Money(total)} >= {Money(rules.DailyAmountLimit)}", total));
            }

            if (amounts.Count >= rules.DailyCountLimit)
            {
                alerts.Add(new Alert(account, date, AlertRule.Velocity, $"{amounts.Count} transactions in one day >= {rules.DailyCountLimit}", amounts.Count));
            }
        }
    }

    private void OwnHistory(string account, SortedDictionary<DateOnly, List<double>> days, List<Alert> alerts)
    {
        if (days.Count < rules.MinDaysForRobustZ)
        {
            return;
        }

        var dates = days.Keys.ToArray();
        var totals = days.Values.Select(a => a.Sum()).ToArray();
        // Amounts are right-skewed (roughly log-normal); on the raw scale every big-but-ordinary day would score high.
        var scores = RobustZ.Scores(Array.ConvertAll(totals, t => Math.Log(1 + t)));
        for (var i = 0; i < dates.Length; i++)
        {
            if (scores[i] > rules.RobustZLimit)
            {
                alerts.Add(new Alert(account, dates[i], AlertRule.RobustZ,
                    $"daily total {Money(totals[i])} has robust z {scores[i].ToString("F1", CultureInfo.InvariantCulture)} (log scale) against the account's {dates.Length} active days", scores[i]));
            }
        }
    }

    private static string Money(double amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
