using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CrmWarehouse.Mining.Input;

/// <summary>
/// A delimited text file read one row at a time through CsvHelper's parser (nothing is materialised).
/// The delimiter is detected from the first line (comma, semicolon, tab, or runs of spaces as in the
/// CDNOW files). Every parse error names the file, the line and the column.
/// </summary>
internal sealed partial class TabularFile : IDisposable
{
    private readonly StreamReader _reader;
    private readonly CsvParser _parser;
    private readonly bool _collapseSpaces;
    private string[] _record = [];

    private TabularFile(string path, StreamReader reader, CsvParser parser, bool collapseSpaces)
    {
        Path = path;
        _reader = reader;
        _parser = parser;
        _collapseSpaces = collapseSpaces;
    }

    public string Path { get; }

    /// <summary>Column names from the header row; "1", "2", … when the file has none.</summary>
    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>The 1-based line number of the row last read.</summary>
    public long Line => _parser.RawRow;

    /// <summary>The fields of the row last read.</summary>
    public IReadOnlyList<string> Fields => _record;

    public static TabularFile Open(string path, bool hasHeader)
    {
        if (!File.Exists(path))
        {
            throw new MiningInputException($"{path}: file not found.");
        }

        var delimiter = DetectDelimiter(path);
        var collapseSpaces = delimiter == " ";
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            // The delimiter cannot also be trimmable white space (CsvHelper rejects a space or tab as both).
            WhiteSpaceChars = [.. new[] { ' ', '\t' }.Where(c => delimiter[0] != c)],
            HasHeaderRecord = false,
            // Variable-length rows are legitimate here (market baskets); each reader checks what it needs.
            DetectColumnCountChanges = false,
            Mode = collapseSpaces ? CsvMode.NoEscape : CsvMode.RFC4180,
        };
        var reader = new StreamReader(path);
        var file = new TabularFile(path, reader, new CsvParser(reader, configuration), collapseSpaces);
        if (hasHeader)
        {
            if (!file.Read())
            {
                file.Dispose();
                throw new MiningInputException($"{path}: the file is empty; a header row was expected.");
            }

            file.Header = file._record.Select(h => h.Trim()).ToArray();
        }

        return file;
    }

    /// <summary>Moves to the next non-blank row; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            var firstLine = _parser.RawRow + 1;
            string[] record;
            try
            {
                if (!_parser.Read())
                {
                    return false;
                }

                // CsvHelper parses fields lazily, so a stray quote surfaces here rather than in Read.
                record = _parser.Record ?? [];
            }
            catch (BadDataException)
            {
                throw MiningInputException.At(Path, firstLine, null, "a quote is not closed or is followed by other text in its field.");
            }
            catch (CsvHelperException e)
            {
                throw MiningInputException.At(Path, firstLine, null, $"the row cannot be parsed ({e.GetType().Name}).");
            }

            if (_collapseSpaces)
            {
                record = Array.FindAll(record, f => f.Length > 0);
            }

            if (record.Length == 0 || (record.Length == 1 && string.IsNullOrWhiteSpace(record[0])))
            {
                continue;
            }

            _record = record;
            if (Header.Count == 0)
            {
                Header = Enumerable.Range(1, record.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            }

            return true;
        }
    }

    public void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
    }

    private static string DetectDelimiter(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? string.Empty;
        var candidates = new[] { ",", ";", "\t" };
        var best = candidates.MaxBy(c => first.Count(ch => ch == c[0]))!;
        return first.Contains(best, StringComparison.Ordinal) ? best : " ";
    }
}
