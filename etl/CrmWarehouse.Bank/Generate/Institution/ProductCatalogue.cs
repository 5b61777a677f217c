namespace CrmWarehouse.Bank.Generate;

/// <summary>The bank's ~40 products. Transaction amounts are log-normal: median e^mu CNY, spread sigma.</summary>
internal static class ProductCatalogue
{
    private const SourceSystem Core = SourceSystem.Core;

    public static IReadOnlyList<Product> All { get; } =
    [
        new("D001", "个人活期储蓄", ProductCategory.Deposit, "活期", Core, 0.20m, 1.60m, 0, 0, 1.4, 6.6, 1.2),
        new("D002", "整存整取3个月", ProductCategory.Deposit, "定期3个月", Core, 1.05m, 1.70m, 0, 0, 0.10, 9.9, 0.9),
        new("D003", "整存整取6个月", ProductCategory.Deposit, "定期6个月", Core, 1.25m, 1.80m, 0, 0, 0.08, 10.1, 0.9),
        new("D004", "整存整取1年", ProductCategory.Deposit, "定期1年", Core, 1.45m, 2.00m, 0, 0, 0.06, 10.3, 0.9),
        new("D005", "整存整取3年", ProductCategory.Deposit, "定期3年", Core, 1.95m, 2.40m, 0, 0, 0.03, 10.6, 0.9),
        new("D006", "整存整取5年", ProductCategory.Deposit, "定期5年", Core, 2.00m, 2.50m, 0, 0, 0.02, 10.8, 0.9),
        new("D007", "个人大额存单1年", ProductCategory.Deposit, "大额存单", Core, 1.70m, 2.10m, 0, 0, 0.05, 12.3, 0.5),
        new("D008", "个人大额存单3年", ProductCategory.Deposit, "大额存单", Core, 2.15m, 2.50m, 0, 0, 0.03, 12.5, 0.5),
        new("D009", "单位活期存款", ProductCategory.Deposit, "对公活期", Core, 0.25m, 1.60m, 0, 0, 4.0, 9.5, 1.5),
        new("D010", "单位定期存款", ProductCategory.Deposit, "对公定期", Core, 1.50m, 2.10m, 0, 0, 0.05, 13.0, 1.0),
        new("D011", "七天通知存款", ProductCategory.Deposit, "通知存款", Core, 0.55m, 1.70m, 0, 0, 0.3, 11.0, 0.8),
        new("L001", "个人消费贷款", ProductCategory.Loan, "消费贷", Core, 4.20m, 2.60m, 0, 0, 1.0, 7.8, 0.6),
        new("L002", "个人信用贷款", ProductCategory.Loan, "信用贷", Core, 5.50m, 2.60m, 0, 0, 1.0, 7.9, 0.6),
        new("L003", "个人住房按揭贷款", ProductCategory.Loan, "按揭", Core, 3.60m, 2.50m, 0, 0, 1.0, 8.2, 0.4),
        new("L004", "公积金组合贷款", ProductCategory.Loan, "按揭", Core, 3.10m, 2.50m, 0, 0, 1.0, 8.0, 0.4),
        new("L005", "个人汽车贷款", ProductCategory.Loan, "车贷", Core, 4.50m, 2.60m, 0, 0, 1.0, 7.9, 0.4),
        new("L006", "小微企业经营贷", ProductCategory.Loan, "经营贷", Core, 4.80m, 2.70m, 0, 0, 1.5, 10.5, 0.9),
        new("L007", "企业流动资金贷款", ProductCategory.Loan, "对公贷款", Core, 4.20m, 2.70m, 0, 0, 1.5, 12.0, 1.0),
        new("L008", "企业固定资产贷款", ProductCategory.Loan, "对公贷款", Core, 4.50m, 2.80m, 0, 0, 1.0, 12.5, 1.0),
        new("L009", "助农贷款", ProductCategory.Loan, "涉农贷", Core, 4.00m, 2.60m, 0, 0, 1.0, 8.5, 0.6),
        new("C001", "信用卡普卡", ProductCategory.Card, "普卡", SourceSystem.Cards, 18.25m, 2.50m, 0, 0, 1.8, 5.0, 1.1),
        new("C002", "信用卡金卡", ProductCategory.Card, "金卡", SourceSystem.Cards, 18.25m, 2.50m, 0, 0, 2.2, 5.4, 1.1),
        new("C003", "信用卡白金卡", ProductCategory.Card, "白金卡", SourceSystem.Cards, 18.25m, 2.50m, 0, 0, 2.6, 5.9, 1.2),
        new("C004", "信用卡钻石卡", ProductCategory.Card, "钻石卡", SourceSystem.Cards, 18.25m, 2.50m, 0, 0, 3.0, 6.6, 1.2),
        new("C005", "芙蓉联名信用卡", ProductCategory.Card, "联名卡", SourceSystem.Cards, 18.25m, 2.50m, 0, 0, 2.0, 5.2, 1.1),
        new("W001", "稳享理财R1", ProductCategory.Wealth, "理财", SourceSystem.Wealth, 2.10m, 0, 0.30m, 0, 0.2, 10.8, 0.8, "R1"),
        new("W002", "安盈理财R2", ProductCategory.Wealth, "理财", SourceSystem.Wealth, 2.80m, 0, 0.50m, 0, 0.2, 11.0, 0.8, "R2"),
        new("W003", "增利理财R3", ProductCategory.Wealth, "理财", SourceSystem.Wealth, 3.60m, 0, 0.80m, 0, 0.2, 11.2, 0.9, "R3"),
        new("W004", "进取理财R4", ProductCategory.Wealth, "理财", SourceSystem.Wealth, 4.80m, 0, 1.00m, 0, 0.2, 11.4, 0.9, "R4"),
        new("W005", "私享理财R5", ProductCategory.Wealth, "理财", SourceSystem.Wealth, 6.00m, 0, 1.20m, 0, 0.2, 12.0, 0.9, "R5"),
        new("F001", "货币市场基金", ProductCategory.Fund, "货币基金", SourceSystem.Wealth, 1.80m, 0, 0.25m, 0, 0.5, 9.0, 1.0, "R1"),
        new("F002", "债券基金", ProductCategory.Fund, "债券基金", SourceSystem.Wealth, 3.00m, 0, 0.60m, 0, 0.3, 9.8, 1.0, "R2"),
        new("F003", "股票基金", ProductCategory.Fund, "股票基金", SourceSystem.Wealth, 6.00m, 0, 1.50m, 0, 0.3, 9.5, 1.1, "R4"),
        new("F004", "沪深300指数基金", ProductCategory.Fund, "指数基金", SourceSystem.Wealth, 5.00m, 0, 0.50m, 0, 0.4, 9.3, 1.1, "R3"),
        new("I001", "意外险代理", ProductCategory.Insurance, "意外险", SourceSystem.Wealth, 0, 0, 0, 30m, 0.08, 5.5, 0.5),
        new("I002", "寿险代理", ProductCategory.Insurance, "寿险", SourceSystem.Wealth, 0, 0, 0, 180m, 0.08, 8.5, 0.6),
        new("I003", "健康险代理", ProductCategory.Insurance, "健康险", SourceSystem.Wealth, 0, 0, 0, 90m, 0.08, 7.5, 0.5),
        new("I004", "房屋财产险代理", ProductCategory.Insurance, "财产险", SourceSystem.Wealth, 0, 0, 0, 60m, 0.08, 6.5, 0.5),
        new("S001", "代发工资服务", ProductCategory.Service, "代发", Core, 0, 0, 0, 2m, 1.0, 8.7, 0.5),
        new("S002", "水电燃气代缴", ProductCategory.Service, "代缴", Core, 0, 0, 0, 0.5m, 0.6, 4.8, 0.6),
        new("S003", "短信动账通知", ProductCategory.Service, "增值服务", Core, 0, 0, 0, 0.2m, 0.3, 1.0, 0.1),
    ];

    private static readonly Dictionary<string, Product> ByCode = All.ToDictionary(p => p.Code);

    public static Product Get(string code) => ByCode[code];
}
