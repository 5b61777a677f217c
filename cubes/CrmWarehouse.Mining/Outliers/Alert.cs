namespace CrmWarehouse.Mining.Outliers;

/// <summary>The alert rules; each alert names the one that fired.</summary>
public enum AlertRule
{
    Structuring,
    SplitDeposits,
    DailyAmount,
    Velocity,
    RobustZ,
}

/// <summary>A day on an account that a reviewer should look at, and why.</summary>
public sealed record Alert(string Account, DateOnly Date, AlertRule Rule, string Reason, double Score);
