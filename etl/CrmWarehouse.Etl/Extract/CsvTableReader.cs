using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// A CSV file read as a table of text columns (named by its header), in the file's own encoding (GB18030 for
/// the legacy export). An empty field is NULL. Rows stream from the file. A row with the wrong number of fields
/// fails with the file, the line it starts on and the column at fault (<see cref="SourceFileException"/>).
/// </summary>
internal sealed class CsvTableReader : DbDataReader
{
    private readonly string _path;
    private readonly StreamReader _text;
    private readonly CsvParser _parser;
    private readonly string[] _names;
    private string[]? _row;

    static CsvTableReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private CsvTableReader(string path, StreamReader text, CsvParser parser, string[] names)
    {
        _path = path;
        _text = text;
        _parser = parser;
        _names = names;
    }

    public static CsvTableReader Open(SourceOptions source, SourceTableOptions table)
    {
        var directory = source.Directory ?? throw new InvalidOperationException($"Source '{source.Name}' is a CSV source but has no Directory.");
        var path = Path.Combine(directory, table.Name + ".csv");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Source '{source.Name}': the file for table '{table.Name}' is missing ({Path.GetFullPath(path)}).", path);
        }

        var text = new StreamReader(path, Encoding.GetEncoding(table.Encoding ?? source.Encoding), detectEncodingFromByteOrderMarks: true);
        var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = source.Delimiter, BadDataFound = null });
        if (!parser.Read())
        {
            parser.Dispose();
            text.Dispose();
            throw new SourceFileException(path, 1, 1, "the file is empty; a header line is expected");
        }

        return new CsvTableReader(path, text, parser, parser.Record!.Select(n => n.Trim()).ToArray());
    }

    public override int FieldCount => _names.Length;

    public override int RecordsAffected => -1;

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        // The parser counts physical lines up to the end of the record it read; the record began after the last one.
        var firstLine = _parser.RawRow + 1;
        if (!_parser.Read())
        {
            _row = null;
            return false;
        }

        _row = _parser.Record!;
        if (_row.Length != _names.Length)
        {
            throw BadRecord(firstLine);
        }

        return true;
    }

    private SourceFileException BadRecord(long firstLine)
    {
        var fields = _row!.Length;
        var column = Math.Min(fields, _names.Length) + 1;
        var problem = fields > _names.Length
            ? $"{fields} fields where the header has {_names.Length}; the first extra one is field {column}"
            : $"{fields} fields where the header has {_names.Length}; '{_names[fields]}' (field {column}) and after are missing";
        if (_parser.RawRow > firstLine)
        {
            // A record running over several lines that comes out the wrong size is almost always a quote opened in
            // it and closed much later, or never: the place to look is where the record starts.
            var quote = _parser.RawRecord.IndexOf('"', StringComparison.Ordinal);
            problem += $"; the record runs from line {firstLine} to line {_parser.RawRow}, so a quoted field opened on line {firstLine}"
                       + (quote >= 0 ? $" (column {quote + 1})" : string.Empty) + " is probably not closed where it should be";
            column = quote >= 0 ? quote + 1 : column;
        }

        return new SourceFileException(_path, firstLine, column, problem);
    }

    public override bool NextResult() => false;

    public override string GetName(int ordinal) => _names[ordinal];

    public override int GetOrdinal(string name) => Array.FindIndex(_names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
        ? i
        : throw new IndexOutOfRangeException($"{_path} has no column '{name}'.");

    public override Type GetFieldType(int ordinal) => typeof(string);

    public override string GetDataTypeName(int ordinal) => "text";

    public override bool IsDBNull(int ordinal) => Current[ordinal].Length == 0;

    public override string GetString(int ordinal) => Current[ordinal];

    public override object GetValue(int ordinal) => IsDBNull(ordinal) ? DBNull.Value : Current[ordinal];

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override bool GetBoolean(int ordinal) => throw TextOnly();

    public override byte GetByte(int ordinal) => throw TextOnly();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw TextOnly();

    public override char GetChar(int ordinal) => throw TextOnly();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw TextOnly();

    public override DateTime GetDateTime(int ordinal) => throw TextOnly();

    public override decimal GetDecimal(int ordinal) => throw TextOnly();

    public override double GetDouble(int ordinal) => throw TextOnly();

    public override float GetFloat(int ordinal) => throw TextOnly();

    public override Guid GetGuid(int ordinal) => throw TextOnly();

    public override short GetInt16(int ordinal) => throw TextOnly();

    public override int GetInt32(int ordinal) => throw TextOnly();

    public override long GetInt64(int ordinal) => throw TextOnly();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _parser.Dispose();
            _text.Dispose();
        }

        base.Dispose(disposing);
    }

    private string[] Current => _row ?? throw new InvalidOperationException("There is no current row.");

    private NotSupportedException TextOnly() => new($"{_path}: CSV columns are text; the cleaning SQL converts them.");
}
