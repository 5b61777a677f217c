namespace CrmWarehouse.Mining.Outliers;

/// <summary>
/// The thresholds of the alert rules, amounts in the account currency (CNY by default: PBOC large-value
/// reporting starts at 50,000 CNY in cash). Amounts are compared by absolute value, so debits count too.
/// </summary>
public sealed record OutlierRules
{
    /// <summary>The reporting threshold that structuring tries to stay under.</summary>
    public double ReportingThreshold { get; init; } = 50_000;

    /// <summary>"Just under": amounts in [threshold × (1 − band), threshold).</summary>
    public double NearBand { get; init; } = 0.1;

    /// <summary>How many just-under amounts within <see cref="WindowDays"/> make a structuring alert.</summary>
    public int StructuringCount { get; init; } = 3;

    public int WindowDays { get; init; } = 7;

    /// <summary>Total per account and day at or above which a day is alerted.</summary>
    public double DailyAmountLimit { get; init; } = 200_000;

    /// <summary>Transactions per account and day at or above which a day is alerted (velocity).</summary>
    public int DailyCountLimit { get; init; } = 20;

    /// <summary>Modified z-score of a day's total against the account's own days, above which it is alerted.</summary>
    public double RobustZLimit { get; init; } = 3.5;

    /// <summary>Fewest active days an account needs before its own history judges a day.</summary>
    public int MinDaysForRobustZ { get; init; } = 5;

    public double NearFloor => ReportingThreshold * (1 - NearBand);

    public bool IsJustUnder(double amount) => Math.Abs(amount) >= NearFloor && Math.Abs(amount) < ReportingThreshold;
}
