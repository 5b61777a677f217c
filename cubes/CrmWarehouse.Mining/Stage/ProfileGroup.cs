namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// A group of customers to profile against the rest: one column of mart.customer_value (or of the customer dimension)
/// equal to a value, e.g. <c>value_tier=high</c>.
/// </summary>
public sealed record ProfileGroup(string Column, string Value)
{
    public static readonly ProfileGroup Default = new("value_tier", "high");

    /// <summary>Attributes compared as shares of each category.</summary>
    public static readonly string[] Categories =
        ["gender", "age_band", "education", "occupation", "income_band", "city", "segment", "tier", "rfm_segment", "churn_risk_band", "value_tier"];

    /// <summary>Attributes compared as means.</summary>
    public static readonly string[] Numbers =
        ["age", "tenure_months", "products_held", "loyalty_index", "mobile_share", "deposit_balance", "frequency", "monetary", "profit", "clv", "churn_risk"];

    public string Name => $"{Column}={Value}";

    /// <summary>Parses <c>column=value</c>; the column must be one of the profiled attributes.</summary>
    public static ProfileGroup Parse(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[1].Length == 0)
        {
            throw new ArgumentException($"Group '{text}': write it as column=value, e.g. value_tier=high.");
        }

        return Categories.Contains(parts[0], StringComparer.Ordinal)
            ? new ProfileGroup(parts[0], parts[1])
            : throw new ArgumentException($"Group '{text}': '{parts[0]}' is not a profiled attribute; use one of {string.Join(", ", Categories)}.");
    }
}
