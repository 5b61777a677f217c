namespace CrmWarehouse.Bank.Generate;

public sealed record Region(string Code, string Name, string County, bool MostlyRural);

public sealed record Outlet(string Code, string Name, string RegionCode, string City, string County, bool IsRural);

public sealed record Atm(string Code, string OutletCode, string Location);

/// <summary>
/// The bank's footprint: 11 sub-branch regions in Changsha and its counties (Hunan), ~200 outlets of which 64%
/// are rural, ~150 ATMs. Fixed for every scale: a small bank with fewer customers still has its branches.
/// </summary>
public sealed class Organisation
{
    public const int OutletCount = 200;
    public const double RuralShare = 0.64;
    public const int AtmCount = 150;

    private static readonly Region[] RegionList =
    [
        new("R01", "芙蓉支行", "芙蓉区", false), new("R02", "天心支行", "天心区", false),
        new("R03", "岳麓支行", "岳麓区", false), new("R04", "开福支行", "开福区", false),
        new("R05", "雨花支行", "雨花区", false), new("R06", "望城支行", "望城区", true),
        new("R07", "长沙县支行", "长沙县", true), new("R08", "浏阳东支行", "浏阳市", true),
        new("R09", "浏阳西支行", "浏阳市", true), new("R10", "宁乡东支行", "宁乡市", true),
        new("R11", "宁乡西支行", "宁乡市", true),
    ];

    private static readonly string[] Towns =
    [
        "黄花镇", "星沙街道", "榔梨街道", "安沙镇", "北山镇", "春华镇", "果园镇", "路口镇", "高桥镇", "金井镇",
        "永安镇", "大瑶镇", "官渡镇", "社港镇", "沙市镇", "淳口镇", "古港镇", "镇头镇", "花明楼镇", "道林镇",
        "灰汤镇", "双江口镇", "煤炭坝镇", "横市镇", "乌山街道", "铜官街道", "桥驿镇", "茶亭镇", "白箬铺镇", "雷锋街道",
    ];

    private static readonly string[] Streets =
    [
        "五一大道", "芙蓉中路", "解放西路", "黄兴路", "韶山北路", "劳动东路", "麓山南路", "金星中路", "湘江中路", "人民东路",
        "万家丽路", "车站北路", "东二环", "芙蓉南路", "桐梓坡路", "岳麓大道", "三一大道", "开福寺路", "侯家塘", "林科大",
    ];

    public IReadOnlyList<Region> Regions { get; } = RegionList;
    public IReadOnlyList<Outlet> Outlets { get; }
    public IReadOnlyList<Atm> Atms { get; }

    public Organisation(int seed)
    {
        var random = Seeds.For(seed, "organisation");
        var ruralCount = (int)Math.Round(OutletCount * RuralShare);
        var outlets = new List<Outlet>(OutletCount);
        for (var i = 0; i < OutletCount; i++)
        {
            var rural = i < ruralCount;
            var region = rural
                ? RegionList.Where(r => r.MostlyRural).ElementAt(i % 6)
                : RegionList.Where(r => !r.MostlyRural).ElementAt(i % 5);
            var place = Place(random, rural);
            var code = $"B{i + 1:D3}";
            outlets.Add(new Outlet(code, $"{region.County}{place}{(rural ? "分理处" : "营业部")}{(i % 3) + 1}", region.Code,
                "长沙市", region.County, rural));
        }
        Outlets = outlets;
        Atms = Enumerable.Range(1, AtmCount)
            .Select(i => outlets[random.Next(outlets.Count)])
            .Select((o, i) => new Atm($"ATM{i + 1:D4}", o.Code, $"{o.County}{Place(random, o.IsRural)}"))
            .ToList();
    }

    public static string Place(Random random, bool rural) =>
        rural ? Towns[random.Next(Towns.Length)] : Streets[random.Next(Streets.Length)];

    public Outlet PickOutlet(Random random, bool ruralResident)
    {
        // Customers bank near home; 64% of outlets are rural, so index ranges split by that flag.
        var ruralCount = (int)Math.Round(OutletCount * RuralShare);
        return ruralResident ? Outlets[random.Next(ruralCount)] : Outlets[ruralCount + random.Next(OutletCount - ruralCount)];
    }
}
