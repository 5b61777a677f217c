
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Month-end balances of an account and the profit they earn. Both the balance table and the ground-truth
/// profit come from here, so the Pareto expectation is consistent with the data a miner will see.
/// </summary>
internal static class AccountEconomics
{
    /// <summary>Fixed cost of keeping an account for a month, CNY.</summary>
    public const double MonthlyAccountCost = 0.5;

    /// <summary>Interchange a card issuer keeps on card spending.</summary>
    public const double CardInterchange = 0.0045;

    /// <summary>Month-end balance of each month of the history (null when the account was not open at month end).</summary>
    public static double?[] MonthEndBalances(Account account, int seed, DateOnly historyStart, int months)
    {
        var random = Seeds.For(seed, "balance", account.Id);
        var result = new double?[months];
        var level = account.BalanceLevel;
        for (var m = 0; m < months; m++)
        {
            var monthEnd = Calendar.MonthEnd(historyStart.AddMonths(m));
            level *= random.LogNormal(account.Product.Category == ProductCategory.Loan ? -0.012 : 0.004, 0.07);
            if (!account.IsOpenOn(monthEnd) || !account.Product.HasBalance)
            {
                continue;
            }
            var balance = level;
            if (account.Closed is { } closed)
            {
                // Falling balances are a churn precursor: money leaves in the three months before closing.
                var monthsLeft = (closed.DayNumber - monthEnd.DayNumber) / 30.0;
                if (monthsLeft < 3)
                {
                    balance *= Math.Max(0.05, monthsLeft / 3.5);
                }
            }
            result[m] = Math.Round(balance, 2);
        }
        return result;
    }

    public static double MonthlyProfit(Product product, double? balance)
    {
        var income = balance is { } b ? product.MonthlyMargin(b) : 0;
        var spend = product.MonthlyTransactions * Math.Exp(product.AmountMu + product.AmountSigma * product.AmountSigma / 2);
        income += product.Category == ProductCategory.Card ? spend * CardInterchange : 0;
        income += product.MonthlyTransactions * (double)product.FeePerTransaction;
        return income - MonthlyAccountCost;
    }

    /// <summary>Total profit of the account over the history, CNY.</summary>
    public static double Profit(Account account, int seed, DateOnly historyStart, int months)
    {
        var balances = MonthEndBalances(account, seed, historyStart, months);
        var total = 0.0;
        for (var m = 0; m < months; m++)
        {
            var monthEnd = Calendar.MonthEnd(historyStart.AddMonths(m));
            if (account.IsOpenOn(monthEnd))
            {
                total += MonthlyProfit(account.Product, balances[m]);
            }
        }
        return total;
    }
}
