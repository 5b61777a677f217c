using System.Globalization;
using System.Numerics;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// A measure's value as people read it: its declared format (a .NET custom numeric format such as <c>#,##0.00</c> or
/// <c>0.0%</c>, which multiplies by 100) in the invariant culture; the unit goes in the column's header (table, CSV)
/// or after the number (JSON's text). Exact values (DECIMAL, HUGEINT) are formatted as decimals, not via double.
/// </summary>
public static class AnswerFormat
{
    /// <summary>The formatted number, or null for a null value or a column that is not a measure with a format.</summary>
    public static string? Text(AnswerColumn column, object? value)
    {
        if (column.Role != AnswerRole.Measure || column.Format is null || value is null or DBNull)
        {
            return null;
        }

        return value switch
        {
            string text when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) => exact.ToString(column.Format, CultureInfo.InvariantCulture),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var inexact) => inexact.ToString(column.Format, CultureInfo.InvariantCulture),
            string text => text,
            double d => double.IsFinite(d) ? d.ToString(column.Format, CultureInfo.InvariantCulture) : d.ToString(CultureInfo.InvariantCulture),
            float f => ((double)f).ToString(column.Format, CultureInfo.InvariantCulture),
            decimal m => m.ToString(column.Format, CultureInfo.InvariantCulture),
            BigInteger big => ((decimal)big).ToString(column.Format, CultureInfo.InvariantCulture),
            IFormattable number => Convert.ToDecimal(number, CultureInfo.InvariantCulture).ToString(column.Format, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The formatted number with its unit after it (<c>4,181,974,842.60 CNY</c>), for a JSON answer's text.</summary>
    public static string? WithUnit(AnswerColumn column, object? value) =>
        Text(column, value) is { } text && column.Unit is { } unit ? $"{text} {unit}" : Text(column, value);

    /// <summary>A column's header naming its unit: <c>balance (CNY)</c>.</summary>
    public static string Header(AnswerColumn column) =>
        column.Unit is null || column.Name == column.Unit ? column.Name : $"{column.Name} ({column.Unit})";
}
