using System.Text.RegularExpressions;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>How COPY … TO STDOUT writes rows: text (tab-separated, \N for NULL) or CSV, with or without a header.</summary>
internal sealed partial record CopyFormat(bool Csv, char Delimiter, bool Header, string Null)
{
    /// <summary>Reads both option syntaxes: <c>WITH (FORMAT csv, HEADER true, DELIMITER ';')</c> and the older <c>CSV HEADER</c>.</summary>
    public static CopyFormat Parse(string options)
    {
        var csv = CsvOption().IsMatch(options);
        var header = HeaderOption().IsMatch(options);
        var delimiter = DelimiterOption().Match(options) is { Success: true } d ? d.Groups[1].Value[0] : csv ? ',' : '\t';
        var nullText = NullOption().Match(options) is { Success: true } n ? n.Groups[1].Value : csv ? string.Empty : "\\N";
        return new CopyFormat(csv, delimiter, header, nullText);
    }

    [GeneratedRegex(@"\bFORMAT\s*'?csv'?|\bCSV\b", RegexOptions.IgnoreCase)]
    private static partial Regex CsvOption();

    [GeneratedRegex(@"\bHEADER\b(?!\s*(?:false|off|0)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderOption();

    [GeneratedRegex(@"\bDELIMITER\s*(?:AS\s*)?'(.)'", RegexOptions.IgnoreCase)]
    private static partial Regex DelimiterOption();

    [GeneratedRegex(@"\bNULL\s*(?:AS\s*)?'([^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex NullOption();
}
