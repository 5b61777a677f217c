using System.Globalization;
using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Trees;

/// <summary>
/// Rows of categorical attributes coded as small integers, plus the class of each row: what ID3 and C4.5
/// work on. Numeric columns become <see cref="NumericBands"/> when read from a file.
/// </summary>
public sealed class AttributeTable
{
    public AttributeTable(IReadOnlyList<string> attributes, IReadOnlyList<IReadOnlyList<string>> values, int[][] rows,
        string targetName, IReadOnlyList<string> classes, int[] target)
    {
        Attributes = attributes;
        Values = values;
        Rows = rows;
        TargetName = targetName;
        Classes = classes;
        Target = target;
    }

    public IReadOnlyList<string> Attributes { get; }

    /// <summary>The labels of each attribute's values (bands for numeric attributes).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Values { get; }

    /// <summary>Row → attribute → value code.</summary>
    public int[][] Rows { get; }

    public string TargetName { get; }

    public IReadOnlyList<string> Classes { get; }

    public int[] Target { get; }

    /// <summary>
    /// Reads a CSV with a header. A column whose every value is a number and which has more distinct values
    /// than <paramref name="bands"/> is cut into that many equal-frequency bands (or at its <paramref name="cutPoints"/>);
    /// others are categorical.
    /// </summary>
    public static AttributeTable Read(string path, string target, int bands, IReadOnlyCollection<string> ignore, IReadOnlyDictionary<string, double[]>? cutPoints = null)
    {
        using var file = TabularFile.Open(path, hasHeader: true);
        var targetColumn = file.Column(target);
        var ignored = ignore.Select(file.Column).ToHashSet();
        var columns = Enumerable.Range(0, file.Header.Count).Where(c => c != targetColumn && !ignored.Contains(c)).ToArray();
        var raw = new List<string[]>();
        while (file.Read())
        {
            if (file.Fields.Count != file.Header.Count)
            {
                throw MiningInputException.At(path, file.Line, null, $"{file.Fields.Count} fields where the header has {file.Header.Count}.");
            }

            raw.Add([.. file.Fields]);
        }

        if (raw.Count == 0)
        {
            throw new MiningInputException($"{path}: no rows after the header.");
        }

        return FromRows(file.Header, columns, targetColumn, raw, bands, cutPoints);
    }

    /// <summary>
    /// Codes rows of text (numbers in invariant culture) as <see cref="Read"/> does: <paramref name="columns"/> are the
    /// attributes, numeric ones with more distinct values than <paramref name="bands"/> cut into equal-frequency bands;
    /// <paramref name="cutPoints"/> gives chosen cut points for named numeric columns instead.
    /// </summary>
    public static AttributeTable FromRows(IReadOnlyList<string> header, int[] columns, int targetColumn, List<string[]> raw, int bands,
        IReadOnlyDictionary<string, double[]>? cutPoints = null)
    {
        if (cutPoints?.Keys.FirstOrDefault(name => !columns.Any(c => header[c] == name)) is { } unknown)
        {
            throw new MiningInputException($"Cut points for '{unknown}': no such attribute; the attributes are {string.Join(", ", columns.Select(c => header[c]))}.");
        }

        var values = new List<IReadOnlyList<string>>();
        var coded = columns.Select(c => Encode(raw, c, header[c], bands, cutPoints?.GetValueOrDefault(header[c]), values)).ToArray();
        var rows = new int[raw.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new int[columns.Length];
            for (var a = 0; a < columns.Length; a++)
            {
                rows[r][a] = coded[a][r];
            }
        }

        var classes = new List<IReadOnlyList<string>>();
        var targetCodes = EncodeCategories(raw, targetColumn, classes);
        return new AttributeTable(columns.Select(c => header[c]).ToArray(), values, rows, header[targetColumn], classes[0], targetCodes);
    }

    private static int[] Encode(List<string[]> raw, int column, string name, int bands, double[]? cutPoints, List<IReadOnlyList<string>> labels)
    {
        var numbers = new double[raw.Count];
        var numeric = true;
        for (var r = 0; r < raw.Count && numeric; r++)
        {
            numeric = double.TryParse(raw[r][column].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[r]);
        }

        if (cutPoints is not null && !numeric)
        {
            throw new MiningInputException($"Cut points for '{name}': the column is not numeric on every row.");
        }

        if (cutPoints is null && (!numeric || numbers.Distinct().Count() <= bands))
        {
            return EncodeCategories(raw, column, labels);
        }

        var cuts = cutPoints is null ? NumericBands.EqualFrequency(numbers, bands) : NumericBands.At(cutPoints);
        labels.Add(Enumerable.Range(0, cuts.Count).Select(cuts.Label).ToArray());
        return Array.ConvertAll(numbers, cuts.BandOf);
    }

    private static int[] EncodeCategories(List<string[]> raw, int column, List<IReadOnlyList<string>> labels)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[raw.Count];
        for (var r = 0; r < raw.Count; r++)
        {
            var value = raw[r][column].Trim();
            if (!codes.TryGetValue(value, out var code))
            {
                codes[value] = code = codes.Count;
            }

            result[r] = code;
        }

        labels.Add([.. codes.OrderBy(p => p.Value).Select(p => p.Key)]);
        return result;
    }
}
