namespace CrmWarehouse.Cubes.Mining.Outliers;

/// <summary>The alert rules; each alert names the one that fired.</summary>
internal enum AlertRule
{
    Structuring,
    SplitDeposits,
    DailyAmount,
    Velocity,
    RobustZ,
}

/// <summary>A day on an account that a reviewer should look at, and why.</summary>
internal sealed record Alert(string Account, DateOnly Date, AlertRule Rule, string Reason, double Score);
