using System.Globalization;

namespace CrmWarehouse.Bank.Generate;

/// <summary>How each system writes the same facts differently.</summary>
internal static class Conventions
{
    /// <summary>Core banking: <c>+86 138-1234-5678</c>.</summary>
    public static string? CorePhone(string? phone) =>
        phone is { Length: 11 } p ? $"+86 {p[..3]}-{p[3..7]}-{p[7..]}" : phone;

    /// <summary>Wealth &amp; CRM: <c>138 1234 5678</c>.</summary>
    public static string? WealthPhone(string? phone) =>
        phone is { Length: 11 } p ? $"{p[..3]} {p[3..7]} {p[7..]}" : phone;

    public static string CoreGender(char gender) => gender switch { 'M' => "M", 'F' => "F", _ => "U" };

    public static string CardGender(char gender) => gender switch { 'M' => "1", 'F' => "2", _ => "9" };

    public static string WealthGender(char gender) => gender switch { 'M' => "男", 'F' => "女", _ => "未知" };

    public static string? CardBirth(DateOnly? birth) => birth?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The legacy deposit system's dates: whatever format the teller's terminal used that year.</summary>
    public static string LegacyDate(DateOnly date, int variant) => (variant % 5) switch
    {
        0 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        1 => date.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
        2 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        3 => $"{date.Year}年{date.Month}月{date.Day}日",
        _ => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
    };
}
