using K = CrmWarehouse.Bank.Generate.ColumnKind;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Core banking (PostgreSQL, or SQLite when embedded): cust_no, one-string name, 18-digit ID, gender M/F, DATE birth,
/// phone <c>+86 138-1234-5678</c>; accounts, transactions (the big table), month-end balances; updated_at everywhere.
/// </summary>
internal static class CoreBankingTables
{
    public static readonly IReadOnlyList<Column> CustomerColumns = SourceTable.Define(
        ("cust_no", K.Text), ("cust_name", K.Text), ("id_no", K.Text), ("gender", K.Text), ("birth_date", K.Date),
        ("phone", K.Text), ("address", K.Text), ("segment", K.Text), ("tier", K.Text), ("branch_code", K.Text),
        ("education", K.Text), ("occupation", K.Text), ("monthly_income", K.Int), ("created_at", K.Timestamp), ("updated_at", K.Timestamp));

    public static readonly IReadOnlyList<Column> AccountColumns = SourceTable.Define(
        ("account_no", K.Text), ("cust_no", K.Text), ("product_code", K.Text), ("branch_code", K.Text), ("open_date", K.Date),
        ("close_date", K.Date), ("status", K.Text), ("close_reason", K.Text), ("updated_at", K.Timestamp));

    public static readonly IReadOnlyList<Column> TransactionColumns = SourceTable.Define(
        ("txn_id", K.BigInt), ("account_no", K.Text), ("txn_time", K.Timestamp), ("amount", K.Money), ("direction", K.Text),
        ("channel_code", K.Text), ("branch_code", K.Text), ("fee", K.Money), ("updated_at", K.Timestamp));

    public static readonly IReadOnlyList<Column> BalanceColumns = SourceTable.Define(
        ("account_no", K.Text), ("month_end", K.Date), ("balance", K.Money), ("avg_daily_balance", K.Money),
        ("interest", K.Money), ("updated_at", K.Timestamp));

    public static IReadOnlyList<SourceTable> All(BankModel model)
    {
        var accounts = model.Accounts.Where(a => a.System == SourceSystem.Core).ToList();
        return
        [
            new("customers", CustomerColumns, "cust_no", () => model.Records.Where(r => r.System == SourceSystem.Core).Select(CustomerRow)),
            new("accounts", AccountColumns, "account_no", () => accounts.Select(a => AccountRow(model, a))),
            new("transactions", TransactionColumns, "txn_id", () => new TransactionStream(model).For(accounts).Select(t => TransactionRow(model, "core.transactions", t))),
            new("balances", BalanceColumns, "account_no,month_end", () => accounts.SelectMany(a => BalanceRows(model, a))),
        ];
    }

    public static object?[] CustomerRow(CustomerRecord r) =>
    [
        r.Key, r.Name, r.IdNumber, Conventions.CoreGender(r.Gender), r.BirthDate, Conventions.CorePhone(r.Phone), r.Address,
        r.Segment, r.Tier, r.OutletCode, r.Education, r.Occupation, r.MonthlyIncome, r.CreatedAt, r.UpdatedAt,
    ];

    public static object?[] AccountRow(BankModel model, Account a)
    {
        var opened = AccountDirt.OpenDate(model.Settings, a);
        var updated = (a.Closed ?? a.Opened).ToDateTime(new TimeOnly(17, 30));
        return
        [
            a.Number, model.OwnerKey(a), AccountDirt.ProductCode(model.Settings, a), a.OutletCode, opened, a.Closed,
            a.Closed is null ? "ACTIVE" : "CLOSED", a.Reason is null ? null : $"{a.Reason}:{a.Detail}", updated,
        ];
    }

    public static object?[] TransactionRow(BankModel model, string table, Transaction t)
    {
        if (t.Dirt is not null) model.DirtLog.Note(table, t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Dirt);
        return TransactionRow(t);
    }

    public static object?[] TransactionRow(Transaction t) =>
    [
        t.Id, t.AccountNumber, t.Time, t.Amount, t.Direction == 'C' ? "C" : "D", t.ChannelCode, t.OutletCode, t.Fee, t.Time.AddMinutes(1),
    ];

    private static IEnumerable<object?[]> BalanceRows(BankModel model, Account a)
    {
        if (!a.Product.HasBalance) yield break;
        var settings = model.Settings;
        var balances = AccountEconomics.MonthEndBalances(a, settings.Seed, settings.HistoryStart, settings.Months);
        for (var m = 0; m < balances.Length; m++)
        {
            if (balances[m] is not { } b) continue;
            var monthEnd = Calendar.MonthEnd(settings.HistoryStart.AddMonths(m));
            if (monthEnd > settings.AsOf) continue;
            var balance = (decimal)b;
            var average = Math.Round(balance * (0.9m + (m * 7 + a.Id) % 20 / 100m), 2);
            var interest = Math.Round(balance * a.Product.Rate / 100m / 12m, 2);
            yield return [a.Number, monthEnd, balance, average, interest, monthEnd.ToDateTime(new TimeOnly(23, 50))];
        }
    }
}
