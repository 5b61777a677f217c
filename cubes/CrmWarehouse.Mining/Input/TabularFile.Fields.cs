using System.Globalization;

namespace CrmWarehouse.Mining.Input;

internal sealed partial class TabularFile
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>Finds a column by header name (case-insensitive) or by 1-based number.</summary>
    public int Column(string nameOrNumber)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], nameOrNumber, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (int.TryParse(nameOrNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= Header.Count)
        {
            return number - 1;
        }

        throw new MiningInputException($"{Path}: no column '{nameOrNumber}'; the columns are {string.Join(", ", Header)}.");
    }

    public string Text(int column)
    {
        if (column >= _record.Length)
        {
            throw MiningInputException.At(Path, Line, ColumnName(column), $"the row has {_record.Length} fields, so this column is missing.");
        }

        return _record[column];
    }

    public double Number(int column)
    {
        var text = Text(column).Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw MiningInputException.At(Path, Line, ColumnName(column), $"'{text}' is not a number.");
        }

        return value;
    }

    public DateOnly Date(int column)
    {
        var text = Text(column).Trim();
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return DateOnly.FromDateTime(value);
        }

        throw MiningInputException.At(Path, Line, ColumnName(column), $"'{text}' is not a date (expected yyyy-MM-dd or yyyyMMdd).");
    }

    private string ColumnName(int column) => column < Header.Count ? Header[column] : (column + 1).ToString(CultureInfo.InvariantCulture);
}
