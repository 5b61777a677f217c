namespace CrmWarehouse.Bank.Generate;

public enum Education { HighSchoolOrBelow, JuniorCollege, Bachelor, MasterOrAbove }

public enum Segment { Retail, Sme, Corporate }

/// <summary>
/// A real person (or, for corporate customers, a company with its legal representative) as the bank would
/// know them if every system agreed. Source systems hold dirtied copies; ground truth maps them back here.
/// </summary>
public sealed record Person(
    int Id,
    string Surname,
    string GivenName,
    char Gender,
    DateOnly BirthDate,
    string IdNumber,
    string Phone,
    string Address,
    string OutletCode,
    bool Rural,
    Education Education,
    string Occupation,
    int MonthlyIncome,
    Segment Segment,
    string? CompanyName,
    double WealthFactor,
    bool RateSensitive,
    DateOnly CustomerSince)
{
    public string FullName => Surname + GivenName;

    /// <summary>The name the bank files the customer under: the company for corporate customers.</summary>
    public string CustomerName => CompanyName ?? FullName;

    public int AgeAt(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return BirthDate > day.AddYears(-age) ? age - 1 : age;
    }

    public static string AgeBand(int age) => age switch
    {
        <= 18 => "18岁及以下",
        <= 29 => "19-29岁",
        <= 39 => "30-39岁",
        <= 59 => "40-59岁",
        _ => "60岁及以上",
    };

    public static string EducationName(Education education) => education switch
    {
        Education.HighSchoolOrBelow => "高中及以下",
        Education.JuniorCollege => "大专",
        Education.Bachelor => "本科",
        _ => "硕士及以上",
    };
}
