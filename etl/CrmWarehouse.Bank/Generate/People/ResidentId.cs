namespace CrmWarehouse.Bank.Generate;

/// <summary>PRC resident identity numbers (GB 11643-1999): 6-digit area, birth date, 3-digit sequence, check digit.</summary>
internal static class ResidentId
{
    // ISO 7064 MOD 11-2 weights for the first 17 digits, and the check character for each remainder.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>Changsha's districts, counties and county-level cities.</summary>
    public static IReadOnlyList<string> ChangshaAreas { get; } =
        ["430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181", "430182"];

    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    public static string Create(string area, DateOnly birth, int sequence, char gender)
    {
        // The sequence's last digit is odd for men and even for women.
        var seq = sequence % 500 * 2 + (gender == 'M' ? 1 : 0);
        var first17 = $"{area}{birth:yyyyMMdd}{seq:D3}";
        return first17 + CheckDigit(first17);
    }

    public static bool IsValid(string id) =>
        id.Length == 18 && id[..17].All(char.IsAsciiDigit) && char.ToUpperInvariant(id[17]) == CheckDigit(id.AsSpan(0, 17));

    /// <summary>The pre-1999 15-digit form: two-digit year and no check digit.</summary>
    public static string ToLegacy(string id18) => id18[..6] + id18[8..17];

    /// <summary>A wrong check digit, as a typo at the counter would produce.</summary>
    public static string WithWrongCheckDigit(string id18)
    {
        var right = id18[17];
        var wrong = right == '0' ? '1' : right == 'X' ? '0' : (char)(((right - '0' + 1) % 10) + '0');
        return id18[..17] + wrong;
    }
}
