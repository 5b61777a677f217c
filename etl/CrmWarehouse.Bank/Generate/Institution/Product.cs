namespace CrmWarehouse.Bank.Generate;

public enum ProductCategory { Deposit, Loan, Card, Wealth, Fund, Insurance, Service }

/// <summary>Which operational system books a product.</summary>
public enum SourceSystem { Core, Cards, Wealth, Legacy }

/// <summary>
/// A product with its pricing. Rates are annual percentages. <see cref="FtpRate"/> is the funds-transfer-pricing
/// rate: deposits earn FTP minus their rate, loans earn their rate minus FTP; fee products earn <see cref="FeeRate"/>
/// on the balance (wealth, funds) or a flat fee per transaction.
/// </summary>
public sealed record Product(
    string Code,
    string Name,
    ProductCategory Category,
    string Subcategory,
    SourceSystem System,
    decimal Rate,
    decimal FtpRate,
    decimal FeeRate,
    decimal FeePerTransaction,
    double MonthlyTransactions,
    double AmountMu,
    double AmountSigma,
    string? RiskLevel = null)
{
    public bool HasBalance => Category is not ProductCategory.Service and not ProductCategory.Insurance;

    /// <summary>Monthly margin in CNY on a balance, before costs.</summary>
    public double MonthlyMargin(double balance) => Category switch
    {
        ProductCategory.Deposit => balance * (double)(FtpRate - Rate) / 100 / 12,
        ProductCategory.Loan or ProductCategory.Card => balance * (double)(Rate - FtpRate) / 100 / 12,
        _ => balance * (double)FeeRate / 100 / 12,
    };
}
