using System.Globalization;
using K = CrmWarehouse.Bank.Generate.ColumnKind;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Reference &amp; legacy (CSV files): branches, ATMs, product catalogue, channels, monthly FTP rates, and the legacy
/// deposit system's export — GB18030-encoded, one row per account with the customer inline, dates in mixed formats.
/// </summary>
internal static class ReferenceFiles
{
    public const string LegacyExport = "legacy_deposits";

    public static IReadOnlyList<SourceTable> All(BankModel model)
    {
        var org = model.Organisation;
        var regions = org.Regions.ToDictionary(r => r.Code);
        return
        [
            new("branches", Text("branch_code", "branch_name", "region_code", "region_name", "province", "city", "county", "urban_rural"),
                "branch_code", () => org.Outlets.Select(o => Row(o.Code, o.Name, o.RegionCode, regions[o.RegionCode].Name, "湖南省", o.City, o.County, o.IsRural ? "rural" : "urban"))),
            new("atms", Text("atm_code", "branch_code", "location"), "atm_code", () => org.Atms.Select(a => Row(a.Code, a.OutletCode, a.Location))),
            new("products", Text("product_code", "product_name", "category", "subcategory", "system", "rate_pct", "fee_rate_pct", "fee_per_txn", "risk_level"),
                "product_code", () => ProductCatalogue.All.Select(p => Row(p.Code, p.Name, p.Category.ToString().ToLowerInvariant(), p.Subcategory,
                    p.System.ToString().ToLowerInvariant(), Num(p.Rate), Num(p.FeeRate), Num(p.FeePerTransaction), p.RiskLevel))),
            new("channels", Text("channel_code", "channel_name", "channel_type", "cost_per_txn"), "channel_code",
                () => Channels.All.Select(c => Row(c.Code, c.Name, c.Type, Num(c.CostPerTransaction)))),
            new("ftp_rates", Text("product_code", "month", "ftp_rate_pct"), "product_code,month", () => FtpRates(model)),
            new(LegacyExport, Text("账号", "客户号", "户名", "证件号码", "性别", "开户日期", "产品名称", "余额", "状态", "销户日期"), "账号",
                () => Legacy(model)),
        ];
    }

    private static IReadOnlyList<Column> Text(params string[] names) => names.Select(n => new Column(n, K.Text)).ToArray();

    private static object?[] Row(params string?[] values) => values;

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<object?[]> FtpRates(BankModel model)
    {
        // The treasury moves the FTP curve a little every month (down, as rates fell).
        for (var m = 0; m < model.Settings.Months; m++)
        {
            var month = model.Settings.HistoryStart.AddMonths(m).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var shift = (model.Settings.Months - 1 - m) * 0.01m;
            foreach (var p in ProductCatalogue.All.Where(p => p.FtpRate > 0))
            {
                yield return Row(p.Code, month, Num(p.FtpRate + shift));
            }
        }
    }

    private static IEnumerable<object?[]> Legacy(BankModel model)
    {
        var records = model.Records.Where(r => r.System == SourceSystem.Legacy).ToDictionary(r => r.Key);
        foreach (var a in model.Accounts.Where(a => a.System == SourceSystem.Legacy))
        {
            var key = model.OwnerKey(a);
            var r = records.GetValueOrDefault(key);
            var variant = (int)(a.Id % 5);
            var balance = a.Closed is null ? Num(Math.Round((decimal)a.BalanceLevel, 2)) : "0.00";
            yield return Row(a.Number, key, r?.Name, r?.IdNumber, r is null ? null : Conventions.WealthGender(r.Gender),
                Conventions.LegacyDate(AccountDirt.OpenDate(model.Settings, a), variant), a.Product.Name, balance,
                a.Closed is null ? "正常" : "销户", a.Closed is { } c ? Conventions.LegacyDate(c, variant + 1) : "");
        }
    }
}
