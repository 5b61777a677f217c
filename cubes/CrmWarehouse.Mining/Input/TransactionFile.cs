using System.Globalization;

namespace CrmWarehouse.Mining.Input;

/// <summary>
/// Reads (party, date, amount) rows from any delimited file. Columns are named by header or by 1-based
/// number. A file without a header row in the CDNOW layout (whitespace-separated, 5 fields:
/// master id, sample id, yyyyMMdd, CDs, dollars; or 4 fields: id, date, CDs, dollars) needs no column options.
/// </summary>
public static class TransactionFile
{
    /// <summary>Streams the rows; the columns are header names or 1-based numbers, null for the defaults.</summary>
    /// <param name="path">The file.</param>
    /// <param name="party">The customer or account column.</param>
    /// <param name="date">The date column (default "date").</param>
    /// <param name="amount">The amount column (default "amount").</param>
    /// <param name="partyDefault">The party column when <paramref name="party"/> is not given and the file has a header.</param>
    public static IEnumerable<Transaction> Read(string path, string? party = null, string? date = null, string? amount = null, string partyDefault = "customer")
    {
        var hasHeader = HasHeader(path);
        using var file = TabularFile.Open(path, hasHeader);
        if (!hasHeader && party is null && date is null && amount is null)
        {
            if (!file.Read())
            {
                yield break;
            }

            (party, date, amount) = file.Fields.Count switch
            {
                5 => ("2", "3", "5"),
                4 => ("1", "2", "4"),
                _ => throw new MiningInputException(
                    $"{path}: no header row and {file.Fields.Count} fields; name the columns by number (e.g. --customer 1 --date 2 --amount 3)."),
            };
            var (p, d, a) = (file.Column(party), file.Column(date), file.Column(amount));
            yield return new Transaction(file.Text(p).Trim(), file.Date(d), file.Number(a));
            foreach (var t in ReadRest(file, p, d, a))
            {
                yield return t;
            }

            yield break;
        }

        var partyColumn = file.Column(party ?? partyDefault);
        var dateColumn = file.Column(date ?? "date");
        var amountColumn = file.Column(amount ?? "amount");
        foreach (var t in ReadRest(file, partyColumn, dateColumn, amountColumn))
        {
            yield return t;
        }
    }

    private static IEnumerable<Transaction> ReadRest(TabularFile file, int party, int date, int amount)
    {
        while (file.Read())
        {
            yield return new Transaction(file.Text(party).Trim(), file.Date(date), file.Number(amount));
        }
    }

    /// <summary>A file has a header when the first field of its first line is not a number.</summary>
    private static bool HasHeader(string path)
    {
        if (!File.Exists(path))
        {
            throw new MiningInputException($"{path}: file not found.");
        }

        using var reader = new StreamReader(path);
        var first = (reader.ReadLine() ?? string.Empty).Trim().Split([',', ';', '\t', ' '], 2)[0].Trim('"');
        return !double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
