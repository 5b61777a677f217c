namespace CrmWarehouse.Bank.Generate;

/// <summary>A service channel with its cost per transaction (CNY) and its share of transactions
/// at the start and at the end of the generated history; the mix drifts linearly toward mobile.</summary>
internal sealed record Channel(string Code, string Name, string Type, decimal CostPerTransaction, double StartShare, double EndShare);

internal static class Channels
{
    public static IReadOnlyList<Channel> All { get; } =
    [
        new("CTR", "柜面", "counter", 8.50m, 0.22, 0.12),
        new("ATM", "自助设备", "ATM", 2.20m, 0.15, 0.10),
        new("MOB", "手机银行", "mobile", 0.15m, 0.30, 0.46),
        new("WEB", "网上银行", "online", 0.30m, 0.13, 0.12),
        new("TEL", "电话银行", "phone", 3.00m, 0.03, 0.02),
        new("POS", "POS终端", "POS", 0.60m, 0.12, 0.13),
        new("AGT", "第三方代理", "agent", 1.20m, 0.05, 0.05),
    ];

    /// <summary>Share of each channel in month <paramref name="monthIndex"/> of <paramref name="months"/>.</summary>
    public static double[] Mix(int monthIndex, int months)
    {
        var t = months <= 1 ? 1.0 : (double)monthIndex / (months - 1);
        return All.Select(c => c.StartShare + (c.EndShare - c.StartShare) * t).ToArray();
    }
}
