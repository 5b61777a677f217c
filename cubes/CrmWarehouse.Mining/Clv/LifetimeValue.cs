namespace CrmWarehouse.Mining.Clv;

/// <summary>
/// CLV over a horizon: Σₘ E[spend] · (E[Y(m·Δ)] − E[Y((m−1)·Δ)]) / (1 + d)ᵐ for months m = 1…H,
/// with Δ one month in the model's time unit and d the monthly discount rate.
/// </summary>
public sealed record LifetimeValue(BgNbdModel Purchases, GammaGammaModel Spend, int HorizonMonths, double MonthlyDiscountRate)
{
    /// <summary>Weeks per average month (365.25 / 12 / 7), for models fitted in weeks.</summary>
    public const double WeeksPerMonth = 365.25 / 12 / 7;

    public double For(CustomerHistory customer, double timeUnitsPerMonth = WeeksPerMonth)
    {
        var spend = Spend.ExpectedSpend(customer.Frequency, customer.MeanRepeatValue);
        var value = 0.0;
        var previous = 0.0;
        for (var month = 1; month <= HorizonMonths; month++)
        {
            var cumulative = Purchases.ExpectedPurchases(month * timeUnitsPerMonth, customer.Frequency, customer.Recency, customer.Age);
            value += spend * (cumulative - previous) / Math.Pow(1 + MonthlyDiscountRate, month);
            previous = cumulative;
        }

        return value;
    }
}
