using System.Globalization;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// How long an API token signs in, as <c>crmw user token --expires</c> and <c>Serving:TokenExpiry</c> write it:
/// <c>30d</c> (days), <c>12h</c> (hours), <c>8w</c> (weeks), or <c>never</c>.
/// </summary>
public static class TokenLifetime
{
    /// <summary>The lifetime <paramref name="text"/> names; null for <c>never</c>.</summary>
    public static TimeSpan? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "never")
        {
            return null;
        }

        if (trimmed.Length >= 2 && int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            switch (trimmed[^1])
            {
                case 'h': return TimeSpan.FromHours(count);
                case 'd': return TimeSpan.FromDays(count);
                case 'w': return TimeSpan.FromDays(7 * count);
            }
        }

        throw new FormatException($"'{text}' is not a token lifetime: write a positive number of hours, days or weeks (12h, 30d, 8w), or never.");
    }
}
