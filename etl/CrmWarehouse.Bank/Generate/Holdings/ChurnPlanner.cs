
namespace CrmWarehouse.Bank.Generate;

/// <summary>A complaint planted before a service-failure closure, or raised in the ordinary course of business.</summary>
public sealed record Complaint(int PersonId, DateOnly Date, string Category, bool LedToClosure);

/// <summary>
/// Closes accounts so that the bank is losing customers: over the last 12 months closures ≈ 1.26 × openings,
/// varying month by month. Each closure has a reason; service failures follow complaints, competitive closures
/// cluster among rate-sensitive customers after a competitor's promotion month, natural ones among the old.
/// </summary>
public sealed class ChurnPlanner(GeneratorSettings settings)
{
    public const double LastYearLossToAcquisition = 1.26;
    private const double FirstYearLossToAcquisition = 0.95;
    private static readonly string[] NaturalDetails = ["迁居外地", "客户身故", "年老销户", "账户合并"];
    private static readonly string[] CompetitiveDetails = ["他行利率更高", "他行开户礼", "转入互联网理财"];
    private static readonly string[] ComplaintCategories = ["排队时间长", "服务态度", "收费争议", "系统故障", "理财亏损"];

    /// <summary>The month in which a competitor ran a rate promotion (six months before the as-of month).</summary>
    public DateOnly CompetitorPromotionMonth => new DateOnly(settings.AsOf.Year, settings.AsOf.Month, 1).AddMonths(-6);

    public List<Complaint> Complaints { get; } = [];

    private HashSet<int> _wealthClients = [];

    public void Plan(List<Account> accounts, IReadOnlyList<Person> people)
    {
        var random = Seeds.For(settings.Seed, "churn");
        var start = settings.HistoryStart;
        var months = settings.Months;
        var openings = new int[months];
        foreach (var a in accounts)
        {
            var m = MonthIndex(a.Opened);
            if (m >= 0 && m < months) openings[m]++;
        }
        // Month-to-month noise, with more closures in the two months after the competitor's promotion; each year is
        // then scaled so that its closures are exactly its loss-to-acquisition ratio times its openings.
        var weights = new double[months];
        for (var m = 0; m < months; m++)
        {
            var monthStart = start.AddMonths(m);
            var bump = monthStart == CompetitorPromotionMonth.AddMonths(1) || monthStart == CompetitorPromotionMonth.AddMonths(2) ? 1.35 : 1.0;
            weights[m] = openings[m] * random.LogNormal(0, 0.12) * bump;
        }
        var firstYear = Math.Max(0, months - 12);
        var lastYearScale = LastYearLossToAcquisition * openings[firstYear..].Sum() / Math.Max(1e-9, weights[firstYear..].Sum());
        var firstYearScale = FirstYearLossToAcquisition * openings[..firstYear].Sum() / Math.Max(1e-9, weights[..firstYear].Sum());
        _wealthClients = accounts.Where(a => a.System == SourceSystem.Wealth).Select(a => a.PersonId).ToHashSet();
        for (var m = 0; m < months; m++)
        {
            var closures = (int)Math.Round(weights[m] * (m >= firstYear ? lastYearScale : firstYearScale));
            CloseInMonth(accounts, people, start.AddMonths(m), closures, random);
        }
        AddBackgroundComplaints(people, random);
    }

    private void CloseInMonth(List<Account> accounts, IReadOnlyList<Person> people, DateOnly monthStart, int count, Random random)
    {
        var promotionAftermath = monthStart > CompetitorPromotionMonth && monthStart <= CompetitorPromotionMonth.AddMonths(3);
        for (var closed = 0; closed < count; closed++)
        {
            // After the competitor's promotion, rate-sensitive customers leave: most closures of those months are competitive.
            var reason = (CloseReason)random.PickWeighted([0.40, promotionAftermath ? 1.20 : 0.40, 0.20]);
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var account = accounts[random.Next(accounts.Count)];
                var person = people[account.PersonId - 1];
                if (account.Closed is not null || account.Opened.AddDays(30) > monthStart || !Fits(reason, account, person, monthStart, random))
                {
                    continue;
                }
                var day = Calendar.PickDay(random, monthStart, settings.AsOf);
                account.Closed = day;
                account.Reason = reason;
                account.Detail = reason switch
                {
                    CloseReason.Natural => random.Pick(NaturalDetails),
                    CloseReason.Competitive => random.Pick(CompetitiveDetails),
                    _ => "投诉后销户",
                };
                if (reason == CloseReason.ServiceFailure)
                {
                    Complaints.Add(new Complaint(person.Id, day.AddDays(-random.Next(10, 60)), random.Pick(ComplaintCategories), true));
                }
                break;
            }
        }
    }

    private bool Fits(CloseReason reason, Account account, Person person, DateOnly month, Random random) => reason switch
    {
        CloseReason.Competitive => person.RateSensitive && account.Product.Category is ProductCategory.Deposit or ProductCategory.Wealth or ProductCategory.Fund,
        CloseReason.Natural => person.AgeAt(month) >= 65 || random.Chance(0.3),
        // Complaints are handled in the CRM, so they mostly come from people the CRM already knows.
        _ => account.Product.Category != ProductCategory.Loan && (_wealthClients.Contains(person.Id) || random.Chance(0.25)),
    };

    private void AddBackgroundComplaints(IReadOnlyList<Person> people, Random random)
    {
        // Most complaints do not end in a closure; the ones that do are the precursors planted above.
        var count = (int)(people.Count * 0.01);
        for (var i = 0; i < count; i++)
        {
            var person = people[random.Next(people.Count)];
            Complaints.Add(new Complaint(person.Id, random.DateBetween(settings.HistoryStart, settings.AsOf), random.Pick(ComplaintCategories), false));
        }
    }

    private int MonthIndex(DateOnly day) => (day.Year - settings.HistoryStart.Year) * 12 + day.Month - settings.HistoryStart.Month;
}
