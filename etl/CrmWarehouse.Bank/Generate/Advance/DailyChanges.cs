
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// What happens to existing customers and accounts on one day after the generated history: moved house, new phone,
/// new tier; accounts closed. Drawn from the day's own random stream, so replaying earlier days on a freshly built
/// model reproduces the state they left behind.
/// </summary>
internal static class DailyChanges
{
    /// <summary>Share of customer records that change on a given day.</summary>
    private const double DailyRecordChangeRate = 0.0008;

    /// <summary>Accounts closed per day, as a share of all accounts (the bank keeps losing customers).</summary>
    private const double DailyClosureRate = 0.00012;

    private static readonly string[] Tiers = ["普通", "金卡", "白金", "私行"];

    public static List<CustomerRecord> ChangeRecords(BankModel model, DateOnly day)
    {
        var random = Seeds.For(model.Settings.Seed, "advance/records", day.DayNumber);
        var count = random.Poisson(model.Records.Count * DailyRecordChangeRate);
        var changed = new List<CustomerRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var record = model.Records[random.Next(model.Records.Count)];
            switch (random.Next(3))
            {
                case 0:
                    record.Address = $"湖南省长沙市{Organisation.Place(random, random.Chance(0.5))}{random.Next(1, 300)}号";
                    break;
                case 1:
                    record.Phone = "1" + random.Next(30, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    record.Tier = record.System == SourceSystem.Wealth ? $"R{random.Next(1, 6)}" : random.Pick(Tiers);
                    break;
            }
            record.UpdatedAt = day.ToDateTime(new TimeOnly(random.Next(9, 18), random.Next(60)));
            changed.Add(record);
        }
        return changed;
    }

    public static List<Account> CloseAccounts(BankModel model, DateOnly day)
    {
        var random = Seeds.For(model.Settings.Seed, "advance/closures", day.DayNumber);
        var count = random.Poisson(model.Accounts.Count * DailyClosureRate);
        var closed = new List<Account>(count);
        for (var attempt = 0; closed.Count < count && attempt < count * 50; attempt++)
        {
            var account = model.Accounts[random.Next(model.Accounts.Count)];
            if (!account.IsOpenOn(day) || account.Opened.AddDays(30) > day) continue;
            account.Closed = day;
            account.Reason = (CloseReason)random.PickWeighted([0.35, 0.40, 0.25]);
            account.Detail = account.Reason switch { CloseReason.Natural => "迁居外地", CloseReason.Competitive => "他行利率更高", _ => "投诉后销户" };
            closed.Add(account);
        }
        return closed;
    }
}
