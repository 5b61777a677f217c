
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Decides which products each person holds. The planted cross-sell rules live here: payroll service → credit
/// card (confidence ≈ 0.6), mortgage → insurance, wealth management → funds; and the wealth-management uptake rule:
/// high balance and (age over 55 or a university degree).
/// </summary>
public sealed class HoldingPlanner(GeneratorSettings settings)
{
    public const double PayrollToCardConfidence = 0.60;
    public const double MortgageToInsuranceConfidence = 0.55;
    public const double WealthToFundConfidence = 0.40;
    public const double WealthRuleUptake = 0.80;

    /// <summary>Wealth factor at or above which a person counts as "high balance" (the population's 85th percentile).</summary>
    public double HighBalanceThreshold { get; private set; }

    public List<Account> Plan(IReadOnlyList<Person> people)
    {
        HighBalanceThreshold = Percentile(people, 0.85);
        var accounts = new List<Account>(people.Count * 3);
        long nextId = 1;
        foreach (var person in people)
        {
            var random = Seeds.For(settings.Seed, "holdings", person.Id);
            foreach (var (code, opened) in Products(person, random))
            {
                accounts.Add(Open(nextId++, person, ProductCatalogue.Get(code), opened, random));
            }
        }
        return accounts;
    }

    public bool MeetsWealthRule(Person person, DateOnly asOf) =>
        person.WealthFactor >= HighBalanceThreshold
        && (person.AgeAt(asOf) > 55 || person.Education is Education.Bachelor or Education.MasterOrAbove);

    public Account Open(long id, Person person, Product product, DateOnly opened, Random random)
    {
        // Demand accounts hold several typical transactions' worth; term products about one deposit.
        var typical = Math.Exp(product.AmountMu) * (product.Code is "D001" or "D009" ? 8 : product.Category == ProductCategory.Deposit ? 1.5 : 1.0);
        var account = new Account(id, person.Id, product, person.OutletCode, opened, typical * person.WealthFactor * random.LogNormal(0, 0.3));
        // Older depositors were never migrated off the legacy deposit system.
        if (product.Category == ProductCategory.Deposit && person.Segment == Segment.Retail
            && person.CustomerSince.Year < 2013 && Seeds.For(settings.Seed, "legacy", person.Id).Chance(0.2))
        {
            account.System = SourceSystem.Legacy;
        }
        return account;
    }

    private IEnumerable<(string Code, DateOnly Opened)> Products(Person person, Random random)
    {
        var asOf = settings.AsOf;
        var age = person.AgeAt(asOf);
        var adult = age >= 19;
        // Most products are taken up early in a relationship: u^2 skews the day toward the start.
        DateOnly Later() => person.CustomerSince.AddDays((int)(Math.Pow(random.NextDouble(), 2) * (asOf.DayNumber - person.CustomerSince.DayNumber)));

        if (person.Segment == Segment.Retail)
        {
            yield return ("D001", person.CustomerSince);
        }
        else
        {
            yield return ("D009", person.CustomerSince);
            if (random.Chance(0.3)) yield return ("D010", Later());
            if (random.Chance(person.Segment == Segment.Sme ? 0.6 : 0.5)) yield return (person.Segment == Segment.Sme ? "L006" : random.Pick(["L007", "L008"]), Later());
        }
        var timeDeposits = random.Poisson(0.22 + 0.1 * Math.Min(person.WealthFactor, 4));
        for (var i = 0; i < timeDeposits; i++)
        {
            yield return (random.Pick(["D002", "D003", "D004", "D005", "D006", "D011"]), Later());
        }
        if (person.WealthFactor >= HighBalanceThreshold * 2 && random.Chance(0.3)) yield return (random.Pick(["D007", "D008"]), Later());
        if (!adult)
        {
            yield break;
        }
        var employed = person.Occupation is not ("学生" or "退休人员" or "农民" or "企业主");
        var payroll = employed && random.Chance(0.25);
        if (payroll) yield return ("S001", Later());
        if (random.Chance(payroll ? PayrollToCardConfidence : 0.05)) yield return (CardTier(person, random), Later());
        var mortgage = age is >= 28 and <= 55 && random.Chance(0.12);
        if (mortgage) yield return (random.Chance(0.7) ? "L003" : "L004", Later());
        if (random.Chance(mortgage ? MortgageToInsuranceConfidence : 0.02)) yield return (mortgage ? "I004" : random.Pick(["I001", "I002", "I003"]), Later());
        if (random.Chance(0.08)) yield return (random.Pick(["L001", "L002", "L005"]), Later());
        if (person.Occupation == "农民" && random.Chance(0.25)) yield return ("L009", Later());
        var wealth = random.Chance(MeetsWealthRule(person, asOf) ? WealthRuleUptake : 0.015);
        if (wealth) yield return (WealthProduct(person, age, random), Later());
        if (random.Chance(wealth ? WealthToFundConfidence : 0.02)) yield return (random.Pick(["F001", "F002", "F003", "F004"]), Later());
        if (random.Chance(0.25)) yield return ("S002", Later());
        if (random.Chance(0.12)) yield return ("S003", Later());
    }

    private string CardTier(Person person, Random random) =>
        random.Chance(0.1) ? "C005"
        : person.WealthFactor >= HighBalanceThreshold * 4 ? "C004"
        : person.MonthlyIncome > 15000 || person.WealthFactor >= HighBalanceThreshold ? "C003"
        : person.MonthlyIncome > 8000 ? "C002" : "C001";

    private string WealthProduct(Person person, int age, Random random) =>
        person.WealthFactor >= HighBalanceThreshold * 4 && random.Chance(0.3) ? "W005"
        : age > 55 ? random.Pick(["W001", "W002"])
        : random.Pick(["W002", "W003", "W004"]);

    private static double Percentile(IReadOnlyList<Person> people, double q)
    {
        var sorted = people.Select(p => p.WealthFactor).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
    }
}
