using System.Globalization;
using K = CrmWarehouse.Bank.Generate.ColumnKind;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Cards (MariaDB, or SQLite when embedded): numeric cardholder ids, surname and given name in separate columns,
/// gender 1/2, birth as <c>YYYYMMDD</c> text, 11-digit phone; cards, card transactions in fen with a merchant category.
/// </summary>
internal static class CardTables
{
    private static readonly (string Mcc, string Merchant)[] Merchants =
    [
        ("5411", "步步高超市"), ("5812", "文和友餐饮"), ("5541", "中石化加油站"), ("5311", "王府井百货"), ("4814", "中国移动"),
        ("5912", "老百姓大药房"), ("7011", "华天大酒店"), ("4511", "南方航空"), ("5732", "苏宁电器"), ("8062", "湘雅医院"),
        ("5814", "茶颜悦色"), ("5999", "拼多多"),
    ];

    public static readonly IReadOnlyList<Column> HolderColumns = SourceTable.Define(
        ("holder_id", K.BigInt), ("surname", K.Text), ("given_name", K.Text), ("gender", K.Text), ("birth_ymd", K.Text),
        ("mobile", K.Text), ("id_no", K.Text), ("address", K.Text), ("card_level", K.Text), ("annual_income", K.BigInt), ("created_at", K.Timestamp), ("updated_at", K.Timestamp));

    public static readonly IReadOnlyList<Column> CardColumns = SourceTable.Define(
        ("card_no", K.Text), ("holder_id", K.BigInt), ("product_code", K.Text), ("credit_limit_fen", K.BigInt), ("issue_date", K.Date),
        ("close_date", K.Date), ("status", K.Text), ("close_reason", K.Text), ("branch_code", K.Text), ("updated_at", K.Timestamp));

    public static readonly IReadOnlyList<Column> TransactionColumns = SourceTable.Define(
        ("txn_id", K.BigInt), ("card_no", K.Text), ("txn_time", K.Timestamp), ("amount_fen", K.BigInt), ("mcc", K.Text),
        ("merchant_name", K.Text), ("channel_code", K.Text), ("updated_at", K.Timestamp));

    public static IReadOnlyList<SourceTable> All(BankModel model)
    {
        var cards = model.Accounts.Where(a => a.System == SourceSystem.Cards).ToList();
        return
        [
            new("cardholders", HolderColumns, "holder_id", () => model.Records.Where(r => r.System == SourceSystem.Cards).Select(HolderRow)),
            new("cards", CardColumns, "card_no", () => cards.Select(c => CardRow(model, c))),
            new("card_transactions", TransactionColumns, "txn_id", () => new TransactionStream(model).For(cards).Select(t => TransactionRow(model, t))),
        ];
    }

    public static object?[] HolderRow(CustomerRecord r) =>
    [
        long.Parse(r.Key, CultureInfo.InvariantCulture), r.Surname, r.GivenName, Conventions.CardGender(r.Gender),
        Conventions.CardBirth(r.BirthDate), r.Phone, r.IdNumber, r.Address, r.Tier, r.MonthlyIncome * 12L, r.CreatedAt, r.UpdatedAt,
    ];

    public static object?[] CardRow(BankModel model, Account a)
    {
        var person = model.PersonOf(a);
        var limit = (long)Math.Round(Math.Clamp(person.MonthlyIncome * 3.0, 5_000, 300_000) / 1000) * 1000 * 100;
        return
        [
            a.Number, long.Parse(model.OwnerKey(a), CultureInfo.InvariantCulture), AccountDirt.ProductCode(model.Settings, a), limit,
            AccountDirt.OpenDate(model.Settings, a), a.Closed, a.Closed is null ? "1" : "0", a.Reason is null ? null : $"{a.Reason}:{a.Detail}",
            a.OutletCode, (a.Closed ?? a.Opened).ToDateTime(new TimeOnly(18, 0)),
        ];
    }

    public static object?[] TransactionRow(BankModel model, Transaction t)
    {
        if (t.Dirt is not null) model.DirtLog.Note("cards.card_transactions", t.Id.ToString(CultureInfo.InvariantCulture), t.Dirt);
        var (mcc, merchant) = Merchants[(int)(t.Id % Merchants.Length)];
        // Amounts in fen (1/100 CNY), as integers.
        return [t.Id, t.AccountNumber, t.Time, (long)(t.Amount * 100), mcc, merchant, t.ChannelCode, t.Time.AddSeconds(30)];
    }
}
