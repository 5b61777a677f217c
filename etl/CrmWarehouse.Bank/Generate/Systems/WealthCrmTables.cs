using K = CrmWarehouse.Bank.Generate.ColumnKind;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Wealth &amp; CRM (SQLite): clients with names sometimes in traditional characters or with stray spaces, gender 男/女,
/// some 15-digit legacy ID numbers, phones with spaces; subscriptions, contacts, campaigns, complaints, surveys.
/// </summary>
internal static class WealthCrmTables
{
    private static readonly string[] ContactChannels = ["电话", "短信", "面访", "微信"];
    private static readonly string[] Purposes = ["产品推介", "到期提醒", "生日关怀", "满意度回访", "风险测评"];
    private static readonly string[] Outcomes = ["有意向", "无意向", "未接通", "已办理"];
    private static readonly (string Name, string Product)[] CampaignPlan =
    [
        ("开门红理财季", "W002"), ("春节红包定存", "D004"), ("代发工资客户专享卡", "C002"), ("稳健理财周", "W001"),
        ("基金定投节", "F004"), ("暑期出行信用卡", "C005"), ("金秋财富节", "W003"), ("安居保障计划", "I004"),
        ("年终奖理财", "W004"), ("新春大额存单", "D007"), ("健康无忧保险", "I003"), ("私行尊享", "W005"),
    ];

    public static IReadOnlyList<SourceTable> All(BankModel model)
    {
        var clients = model.Records.Where(r => r.System == SourceSystem.Wealth).ToList();
        var firstKeys = clients.Where(r => !r.IsDuplicate).ToList();
        var subscriptions = model.Accounts.Where(a => a.System == SourceSystem.Wealth).ToList();
        return
        [
            new("clients", SourceTable.Define(("client_id", K.Text), ("client_name", K.Text), ("gender", K.Text), ("id_no", K.Text),
                ("phone", K.Text), ("risk_level", K.Text), ("branch_code", K.Text), ("education", K.Text), ("occupation", K.Text),
                ("created_at", K.Timestamp), ("updated_at", K.Timestamp)),
                "client_id", () => clients.Select(ClientRow)),
            new("subscriptions", SourceTable.Define(("sub_no", K.Text), ("client_id", K.Text), ("product_code", K.Text), ("amount", K.Money),
                ("start_date", K.Date), ("end_date", K.Date), ("status", K.Text), ("close_reason", K.Text), ("updated_at", K.Timestamp)),
                "sub_no", () => subscriptions.Select(a => new object?[]
                {
                    a.Number, model.OwnerKey(a), AccountDirt.ProductCode(model.Settings, a), (decimal)Math.Round(a.BalanceLevel, 2),
                    AccountDirt.OpenDate(model.Settings, a), a.Closed, a.Closed is null ? "持有" : "已赎回",
                    a.Reason is null ? null : $"{a.Reason}:{a.Detail}", (a.Closed ?? a.Opened).ToDateTime(new TimeOnly(15, 0)),
                })),
            new("contacts", SourceTable.Define(("contact_id", K.BigInt), ("client_id", K.Text), ("contact_time", K.Timestamp),
                ("channel", K.Text), ("purpose", K.Text), ("outcome", K.Text), ("updated_at", K.Timestamp)),
                "contact_id", () => Contacts(model, firstKeys)),
            new("campaigns", SourceTable.Define(("campaign_id", K.Int), ("campaign_name", K.Text), ("product_code", K.Text),
                ("start_date", K.Date), ("end_date", K.Date)),
                "campaign_id", () => CampaignPlan.Select((c, i) => new object?[]
                {
                    i + 1, c.Name, c.Product, CampaignStart(model, i), CampaignStart(model, i).AddDays(45),
                })),
            new("campaign_responses", SourceTable.Define(("campaign_id", K.Int), ("client_id", K.Text), ("offered_at", K.Date),
                ("responded", K.Int), ("response_date", K.Date)),
                "campaign_id,client_id", () => Responses(model, firstKeys)),
            new("complaints", SourceTable.Define(("complaint_id", K.BigInt), ("client_id", K.Text), ("complaint_date", K.Date),
                ("category", K.Text), ("resolved", K.Int), ("updated_at", K.Timestamp)),
                "complaint_id", () => model.Complaints.Select((c, i) => new object?[]
                {
                    (long)(i + 1), model.KeysByPerson[(c.PersonId, SourceSystem.Wealth)][0], c.Date, c.Category,
                    c.LedToClosure ? 0 : 1, c.Date.ToDateTime(new TimeOnly(16, 0)),
                })),
            new("surveys", SourceTable.Define(("survey_id", K.BigInt), ("client_id", K.Text), ("survey_date", K.Date),
                ("score", K.Int), ("updated_at", K.Timestamp)),
                "survey_id", () => Surveys(model, firstKeys)),
        ];
    }

    public static object?[] ClientRow(CustomerRecord r) =>
    [
        r.Key, r.Name, Conventions.WealthGender(r.Gender), r.IdNumber, Conventions.WealthPhone(r.Phone), r.Tier, r.OutletCode,
        r.Education, r.Occupation, r.CreatedAt, r.UpdatedAt,
    ];

    private static DateOnly CampaignStart(BankModel model, int index) => model.Settings.HistoryStart.AddMonths(index * model.Settings.Months / CampaignPlan.Length);

    /// <summary>
    /// One day's CRM contacts after the history (for <c>--advance</c>): ids start at 10^9 + 10^5 per day after as-of,
    /// above anything the history issues.
    /// </summary>
    public static IEnumerable<object?[]> DayContacts(BankModel model, DateOnly day)
    {
        var clients = model.Records.Where(r => r.System == SourceSystem.Wealth && !r.IsDuplicate).ToList();
        var offset = day.DayNumber - model.Settings.AsOf.DayNumber;
        var random = Seeds.For(model.Settings.Seed, "advance/contacts", offset);
        // Each client is contacted ~2.5 times in 24 months: ~0.0034 contacts per client per day.
        var count = clients.Count == 0 ? 0 : Math.Min(99_999, random.Poisson(clients.Count * 2.5 / 730));
        for (var i = 0; i < count; i++)
        {
            var time = day.ToDateTime(new TimeOnly(random.Next(9, 18), random.Next(60)));
            yield return [1_000_000_000L + offset * 100_000L + i, random.Pick(clients).Key, time, random.Pick(ContactChannels), random.Pick(Purposes), random.Pick(Outcomes), time];
        }
    }

    private static IEnumerable<object?[]> Contacts(BankModel model, List<CustomerRecord> clients)
    {
        long id = 0;
        foreach (var client in clients)
        {
            var random = Seeds.For(model.Settings.Seed, "contacts", client.PersonId);
            var count = random.Poisson(2.5);
            for (var i = 0; i < count; i++)
            {
                var time = random.DateBetween(model.Settings.HistoryStart, model.Settings.AsOf).ToDateTime(new TimeOnly(random.Next(9, 18), random.Next(60)));
                yield return [++id, client.Key, time, random.Pick(ContactChannels), random.Pick(Purposes), random.Pick(Outcomes), time];
            }
        }
    }

    private static IEnumerable<object?[]> Responses(BankModel model, List<CustomerRecord> clients)
    {
        for (var c = 0; c < CampaignPlan.Length; c++)
        {
            var start = CampaignStart(model, c);
            var wealthOffer = CampaignPlan[c].Product[0] == 'W';
            foreach (var client in clients)
            {
                var random = Seeds.For(model.Settings.Seed, "campaign/" + c, client.PersonId);
                if (!random.Chance(0.2)) continue;
                // Wealth offers land with the people the planted uptake rule describes.
                var likely = wealthOffer && model.Holdings.MeetsWealthRule(model.People[client.PersonId - 1], model.Settings.AsOf);
                var responded = random.Chance(likely ? 0.30 : 0.06);
                yield return [c + 1, client.Key, start, responded ? 1 : 0, responded ? start.AddDays(random.Next(1, 40)) : null];
            }
        }
    }

    private static IEnumerable<object?[]> Surveys(BankModel model, List<CustomerRecord> clients)
    {
        var complained = model.Complaints.Select(c => c.PersonId).ToHashSet();
        long id = 0;
        foreach (var client in clients)
        {
            var random = Seeds.For(model.Settings.Seed, "survey", client.PersonId);
            if (!random.Chance(0.25)) continue;
            var date = random.DateBetween(model.Settings.HistoryStart, model.Settings.AsOf);
            var score = complained.Contains(client.PersonId) ? random.Next(1, 4) : random.Next(3, 6);
            yield return [++id, client.Key, date, score, date.ToDateTime(new TimeOnly(20, 0))];
        }
    }
}
