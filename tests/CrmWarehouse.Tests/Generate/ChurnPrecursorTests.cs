using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Tests.Generate;

public sealed class ChurnPrecursorTests
{
    [Test]
    public void Competitive_closures_cluster_after_the_competitors_promotion_among_rate_sensitive_customers()
    {
        var model = SmallBank.Model;
        var promotion = model.Churn.CompetitorPromotionMonth;
        var competitive = model.Accounts.Where(a => a.Reason == CloseReason.Competitive).ToList();
        bool After(Account a) => a.Closed > promotion.AddMonths(1).AddDays(-1) && a.Closed < promotion.AddMonths(4);
        var afterShare = (double)competitive.Count(After) / competitive.Count;
        var otherReasonsAfterShare = (double)model.Accounts.Count(a => a.Reason is CloseReason.Natural && After(a)) / model.Accounts.Count(a => a.Reason == CloseReason.Natural);
        Assert.Multiple(() =>
        {
            Assert.That(competitive.All(a => model.PersonOf(a).RateSensitive));
            Assert.That(afterShare, Is.GreaterThan(otherReasonsAfterShare * 1.3), "three months after the promotion hold more competitive than natural closures");
        });
    }

    [Test]
    public void Balances_fall_in_the_months_before_an_account_closes()
    {
        var model = SmallBank.Model;
        var s = model.Settings;
        var falling = 0;
        var checkedAccounts = 0;
        foreach (var account in model.Accounts.Where(a => a.Closed is { } c && c > s.HistoryStart.AddMonths(6) && a.Product.Category == ProductCategory.Deposit))
        {
            var balances = AccountEconomics.MonthEndBalances(account, s.Seed, s.HistoryStart, s.Months);
            var closedMonth = (account.Closed!.Value.Year - s.HistoryStart.Year) * 12 + account.Closed.Value.Month - s.HistoryStart.Month;
            if (balances[closedMonth - 1] is not { } last || balances[closedMonth - 5] is not { } earlier) continue;
            checkedAccounts++;
            falling += last < earlier * 0.6 ? 1 : 0;
        }
        Assert.That(checkedAccounts, Is.GreaterThan(50));
        Assert.That((double)falling / checkedAccounts, Is.GreaterThan(0.8));
    }
}
