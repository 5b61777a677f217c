
namespace CrmWarehouse.Bank.Generate;

/// <summary>An association rule as a miner would report it, measured on the generated holdings.</summary>
internal sealed record PlantedRule(string Name, string Antecedent, string Consequent, double Support, double Confidence, double Lift);

/// <summary>The planted truths, measured on the data actually generated (not on the intended rates).</summary>
internal static class PlantedFacts
{
    public static double[] ProfitPerPerson(BankModel model)
    {
        var profit = new double[model.People.Count];
        var s = model.Settings;
        foreach (var account in model.Accounts)
        {
            profit[account.PersonId - 1] += AccountEconomics.Profit(account, s.Seed, s.HistoryStart, s.Months);
        }
        return profit;
    }

    /// <summary>Share of total profit earned by the most profitable 20% of people.</summary>
    public static double TopFifthProfitShare(double[] profit)
    {
        var sorted = profit.OrderDescending().ToArray();
        var total = sorted.Sum();
        return total <= 0 ? 0 : sorted.Take((int)Math.Ceiling(sorted.Length * 0.2)).Sum() / total;
    }

    public static IReadOnlyList<PlantedRule> Rules(BankModel model)
    {
        var held = model.People.Select(_ => new HashSet<string>()).ToArray();
        foreach (var a in model.Accounts)
        {
            held[a.PersonId - 1].Add(a.Product.Code);
        }
        bool Any(int person, char prefix) => held[person].Any(c => c[0] == prefix);
        var wealthRule = model.People.Select(p => model.Holdings.MeetsWealthRule(p, model.Settings.AsOf)).ToArray();
        return
        [
            Measure("payroll→credit_card", "S001", "C*", held.Length, i => held[i].Contains("S001"), i => Any(i, 'C')),
            Measure("mortgage→insurance", "L003|L004", "I*", held.Length, i => held[i].Contains("L003") || held[i].Contains("L004"), i => Any(i, 'I')),
            Measure("wealth_management→fund", "W*", "F*", held.Length, i => Any(i, 'W'), i => Any(i, 'F')),
            Measure("high_balance_and_(age>55_or_degree)→wealth_management", $"wealth_factor>={model.Holdings.HighBalanceThreshold:F3} and (age>55 or education in (本科,硕士及以上))",
                "W*", held.Length, i => wealthRule[i], i => Any(i, 'W')),
        ];
    }

    private static PlantedRule Measure(string name, string antecedent, string consequent, int n, Func<int, bool> a, Func<int, bool> b)
    {
        int countA = 0, countB = 0, both = 0;
        for (var i = 0; i < n; i++)
        {
            var hasA = a(i);
            var hasB = b(i);
            countA += hasA ? 1 : 0;
            countB += hasB ? 1 : 0;
            both += hasA && hasB ? 1 : 0;
        }
        var confidence = countA == 0 ? 0 : (double)both / countA;
        var lift = countB == 0 ? 0 : confidence / ((double)countB / n);
        return new PlantedRule(name, antecedent, consequent, (double)both / n, confidence, lift);
    }

    /// <summary>Accounts opened and closed per month of the history.</summary>
    public static (int[] Opened, int[] Closed) OpeningsAndClosures(BankModel model)
    {
        var s = model.Settings;
        var opened = new int[s.Months];
        var closed = new int[s.Months];
        int Index(DateOnly d) => (d.Year - s.HistoryStart.Year) * 12 + d.Month - s.HistoryStart.Month;
        foreach (var a in model.Accounts)
        {
            if (Index(a.Opened) is var o && o >= 0 && o < s.Months) opened[o]++;
            if (a.Closed is { } c && Index(c) is var k && k >= 0 && k < s.Months) closed[k]++;
        }
        return (opened, closed);
    }

    /// <summary>Share of people with a record in two or more systems.</summary>
    public static double MultiSystemShare(BankModel model) =>
        (double)model.Records.GroupBy(r => r.PersonId).Count(g => g.Select(r => r.System).Distinct().Count() >= 2) / model.People.Count;
}
