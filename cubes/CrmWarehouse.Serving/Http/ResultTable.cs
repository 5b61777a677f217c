using System.Buffers;
using System.Text.Json;
using CrmWarehouse.Warehouse.DuckDb;
using CsvHelper;
using DuckDB.NET.Data;
using LinqToDB.Mapping;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// An answer read up to a row cap: column names and DuckDB types, each value as DuckDB's text (exact for DECIMAL and
/// HUGEINT), and whether rows were cut off. Written out as JSON (numbers stay numbers) or CSV.
/// </summary>
internal sealed record ResultTable(IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<string?[]> Rows, bool Truncated)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE",
    };

    public static ResultTable Read(DuckDBDataReader reader, int maxRows)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetDataTypeName(i))).ToList();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            if (rows.Count == maxRows)
            {
                return new ResultTable(columns, rows, Truncated: true);
            }

            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetText(i)).ToArray());
        }

        return new ResultTable(columns, rows, Truncated: false);
    }

    /// <summary>
    /// Typed rows (a LINQ projection) as a result, capped like <see cref="Read"/>: a column per property in declaration
    /// order, named in snake_case as the SQL names it and typed as DuckDB types it; a whole mapped row (a property
    /// whose type has <see cref="TableAttribute"/>) spreads into its mapped columns, less <c>as_of</c>, which the
    /// answer's header carries.
    /// </summary>
    public static ResultTable From<T>(IEnumerable<T> rows, int maxRows)
    {
        var columns = ResultColumn.Of(typeof(T));
        var texts = new List<string?[]>();
        foreach (var row in rows)
        {
            if (texts.Count == maxRows)
            {
                return new ResultTable(columns.Select(c => (c.Name, c.Type)).ToList(), texts, Truncated: true);
            }

            texts.Add(columns.Select(c => c.Get(row!) is { } value ? DuckDbExtensions.Text(value) : null).ToArray());
        }

        return new ResultTable(columns.Select(c => (c.Name, c.Type)).ToList(), texts, Truncated: false);
    }

    /// <summary>The HTTP answer: JSON, or a CSV download when <paramref name="format"/> is "csv".</summary>
    public Microsoft.AspNetCore.Http.IResult ToResult(string? format, string fileName, Action<Utf8JsonWriter>? header = null) =>
        format == "csv"
            ? Microsoft.AspNetCore.Http.Results.File(System.Text.Encoding.UTF8.GetBytes(ToCsv()), "text/csv; charset=utf-8", fileName + ".csv")
            : Microsoft.AspNetCore.Http.Results.Bytes(ToJson(header), "application/json");

    public byte[] ToJson(Action<Utf8JsonWriter>? header = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            header?.Invoke(json);
            json.WriteStartArray("columns");
            foreach (var (name, type) in Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("type", type);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rows");
            var numeric = NumericColumns();
            foreach (var row in Rows)
            {
                json.WriteStartArray();
                for (var i = 0; i < row.Length; i++)
                {
                    WriteValue(json, row[i], numeric[i]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteBoolean("truncated", Truncated);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public string ToCsv()
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            foreach (var (name, _) in Columns)
            {
                csv.WriteField(name);
            }

            csv.NextRecord();
            var numeric = NumericColumns();
            foreach (var row in Rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    csv.WriteField(numeric[i] ? row[i] ?? string.Empty : Neutralised(row[i]));
                }

                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    private bool[] NumericColumns() =>
        Columns.Select(c => Numeric.Contains(c.Type) || c.Type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase)).ToArray();

    // A spreadsheet opening the CSV runs a cell that starts with = + - @ (or a tab or return before one) as a formula:
    // text cells that do are prefixed with an apostrophe, which spreadsheets show as text. Numbers are left as they are.
    private static string Neutralised(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? string.Empty;

    // Numbers are written from DuckDB's exact text; NaN and infinity, which JSON has no number for, as strings.
    private static void WriteValue(Utf8JsonWriter json, string? value, bool numeric)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (numeric && value.Length > 0 && (char.IsAsciiDigit(value[^1]) && (char.IsAsciiDigit(value[0]) || value[0] == '-')))
        {
            json.WriteRawValue(value);
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
