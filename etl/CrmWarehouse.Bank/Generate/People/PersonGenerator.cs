using Bogus;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Draws the bank's people. Names come from Bogus' zh_CN locale; age bands and education follow the surveyed
/// customer base of a city branch (age: ≤18 12.0%, 19–29 16.5%, 30–39 18.0%, 40–59 43.5%, 60+ 10.0%;
/// education: high school or below 13.0%, 大专 18.5%, bachelor 53.0%, master or above 15.5%).
/// </summary>
internal sealed class PersonGenerator(GeneratorSettings settings, Organisation organisation)
{
    public static readonly double[] AgeBandShares = [0.120, 0.165, 0.180, 0.435, 0.100];
    private static readonly (int Min, int Max)[] AgeBandRanges = [(8, 18), (19, 29), (30, 39), (40, 59), (60, 85)];

    public static readonly double[] EducationShares = [0.130, 0.185, 0.530, 0.155];

    // Minors all count as "high school or below"; adults take the rest of each share so the totals match the survey.
    private static readonly double[] AdultEducationWeights =
        [EducationShares[0] - AgeBandShares[0], EducationShares[1], EducationShares[2], EducationShares[3]];

    /// <summary>Spread of the log-normal wealth factor.</summary>
    public const double WealthSigma = 0.6;

    private static readonly int[] BaseIncome = [3500, 5200, 7800, 12500];

    private static readonly string[][] OccupationsByEducation =
    [
        ["个体工商户", "农民", "工人", "服务业人员"],
        ["企业职员", "个体工商户", "技术工人", "销售人员"],
        ["企业职员", "公务员", "教师", "工程师", "医生"],
        ["工程师", "医生", "高校教师", "企业管理人员", "公务员"],
    ];

    private static readonly string[] CompanySuffixes = ["贸易有限公司", "建材有限公司", "科技有限公司", "农业发展有限公司", "餐饮管理有限公司", "物流有限公司"];
    private static readonly string[] PhonePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "173", "177", "180", "186", "187", "188", "189", "199"];

    /// <summary>The bank's people at the end of the history; most have been customers since before it started.</summary>
    public IReadOnlyList<Person> Generate() => Draw(1, settings.PeopleCount, settings.AsOf, "people", history: true);

    /// <summary>People who become customers on <paramref name="day"/>, with ids from <paramref name="firstId"/>.</summary>
    public IReadOnlyList<Person> Newcomers(int firstId, int count, DateOnly day) => Draw(firstId, count, day, "advance/people", history: false);

    private List<Person> Draw(int firstId, int count, DateOnly asOf, string stream, bool history)
    {
        var random = Seeds.For(settings.Seed, stream, firstId);
        var faker = new Faker("zh_CN") { Random = new Randomizer(Seeds.Derive(settings.Seed, stream + "/bogus", firstId)) };
        var people = new List<Person>(count);
        for (var id = firstId; id < firstId + count; id++)
        {
            people.Add(Draw(id, random, faker, asOf, history));
        }
        return people;
    }

    private Person Draw(int id, Random random, Faker faker, DateOnly asOf, bool history)
    {
        var gender = random.Chance(0.5) ? 'M' : 'F';
        var band = random.PickWeighted(AgeBandShares);
        var age = random.Next(AgeBandRanges[band].Min, AgeBandRanges[band].Max + 1);
        var birth = asOf.AddYears(-age).AddDays(-random.Next(1, 365));
        var education = band == 0 ? Education.HighSchoolOrBelow : (Education)random.PickWeighted(AdultEducationWeights);
        var segment = age is >= 25 and <= 65 && random.Chance(0.075)
            ? (random.Chance(0.8) ? Segment.Sme : Segment.Corporate)
            : Segment.Retail;
        var rural = random.Chance(0.5);
        var outlet = organisation.PickOutlet(random, rural);
        var (occupation, income) = Occupation(random, age, education, segment, rural);
        var surname = faker.Name.LastName();
        var given = GivenNames.Draw(faker, gender);
        var area = outlet.County switch { "浏阳市" => "430181", "宁乡市" => "430182", "长沙县" => "430121", "望城区" => "430112", _ => random.Pick(ResidentId.ChangshaAreas) };
        var company = segment == Segment.Corporate ? $"长沙{faker.Name.FirstName()}{random.Pick(CompanySuffixes)}" : null;
        // Heavy-tailed wealth (log-normal) scaled by income puts ~80% of profit on the top 20% of people.
        var wealth = random.LogNormal(0, WealthSigma) * Math.Sqrt(Math.Max(income, 1500) / 7800.0) * (segment == Segment.Retail ? 1 : 0.3);
        var since = history && random.Chance(0.9)
            ? random.DateBetween(new DateOnly(2008, 1, 1), settings.HistoryStart.AddDays(-1))
            : random.DateBetween(history ? settings.HistoryStart : asOf, asOf);
        if (since < birth.AddYears(6))
        {
            since = birth.AddYears(6);
        }
        return new Person(id, surname, given, gender, birth, ResidentId.Create(area, birth, random.Next(1000), gender),
            random.Pick(PhonePrefixes) + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
            $"湖南省长沙市{outlet.County}{Organisation.Place(random, rural)}{random.Next(1, 300)}号",
            outlet.Code, rural, education, occupation, income, segment, company, wealth, random.Chance(0.2), since > asOf ? asOf : since);
    }

    private static (string Occupation, int Income) Occupation(Random random, int age, Education education, Segment segment, bool rural)
    {
        if (age <= 18 || (age <= 22 && random.Chance(0.5)))
        {
            return ("学生", age <= 18 ? 0 : 1000);
        }
        if (age >= 60 && random.Chance(0.8))
        {
            return ("退休人员", (int)random.LogNormal(Math.Log(3200), 0.35));
        }
        var income = (int)(BaseIncome[(int)education] * random.LogNormal(0, 0.45));
        if (segment != Segment.Retail)
        {
            return ("企业主", income * 2);
        }
        var occupation = education == Education.HighSchoolOrBelow && rural ? "农民" : random.Pick(OccupationsByEducation[(int)education]);
        return (occupation, income);
    }
}
