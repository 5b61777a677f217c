using CrmWarehouse.Cubes.Query;
using System.Buffers;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// Writes an answer to the response as it is read, JSON (numbers stay numbers) or CSV, never holding more than a
/// buffer of it: a row cap and a byte cap end it early, and the JSON says so (<c>"truncated": true</c> and which cap).
/// Nothing is sent until the first 64 KiB are ready, so a small answer that fails still gets a proper problem
/// response; a big one that fails later is cut off, and the client sees an incomplete body, not a wrong one.
/// </summary>
public static class ResultWriter
{
    private const int FlushBytes = 64 * 1024;

    private static readonly HashSet<string> Numeric = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE",
    };

    /// <summary>Writes the answer's rows (each value as DuckDB's text, null for NULL) under its columns, in its format (JSON, csv, or xlsx: <see cref="XlsxWriter"/>); returns the rows written.</summary>
    public static Task<long> WriteAsync(HttpResponse response, ResultAnswer answer, CancellationToken cancellationToken) => answer.Format switch
    {
        "csv" => CsvAsync(response, answer, cancellationToken),
        "xlsx" => XlsxWriter.WriteAsync(response, answer, NumericColumns(answer.Columns), Neutralised, cancellationToken),
        _ => JsonAsync(response, answer, cancellationToken),
    };

    private static async Task<long> JsonAsync(HttpResponse response, ResultAnswer answer, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";

        // Written into a buffer of its own and copied out at each flush: a failure before the first flush leaves the
        // response untouched for the problem that reports it (disposing a writer commits what it holds).
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        answer.Header?.Invoke(json);
        json.WriteStartArray("columns");
        var described = answer.Columns.Select(c => answer.Described?.FirstOrDefault(d => d.Name == c.Name)).ToList();
        foreach (var ((name, type), about) in answer.Columns.Zip(described))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("type", type);
            if (about is not null)
            {
                json.WriteString("role", about.Role.ToString().ToLowerInvariant());
                json.WriteString("format", about.Format);
                json.WriteString("unit", about.Unit);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        var numeric = NumericColumns(answer.Columns);

        // A described (cube) answer also gives each row as formatted text, after the rows: kept while they stream, so
        // bounded by the same caps as the rows themselves.
        var formatted = answer.Described is null ? null : new List<string?[]>();
        var cut = default(string);
        long rows = 0;
        foreach (var row in answer.Rows)
        {
            cut = rows == answer.MaxRows ? "rows" : json.BytesCommitted + json.BytesPending + Size(row) > answer.MaxBytes ? "bytes" : null;
            if (cut is not null)
            {
                break;
            }

            json.WriteStartArray();
            for (var i = 0; i < row.Length; i++)
            {
                WriteValue(json, row[i], numeric[i]);
            }

            json.WriteEndArray();
            formatted?.Add([.. row.Select((value, i) => described[i] is { Role: AnswerRole.Measure } measure ? AnswerFormat.WithUnit(measure, value) : value)]);
            rows++;
            if (json.BytesPending > FlushBytes)
            {
                await SendAsync(json, buffer, response, cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        if (formatted is not null)
        {
            json.WriteStartArray("formatted");
            foreach (var row in formatted)
            {
                json.WriteStartArray();
                foreach (var text in row)
                {
                    json.WriteStringValue(text);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteBoolean("truncated", cut is not null);
        if (cut is not null)
        {
            json.WriteString("truncatedBy", cut);
        }

        json.WriteEndObject();
        await SendAsync(json, buffer, response, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static async Task SendAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, HttpResponse response, CancellationToken cancellationToken)
    {
        json.Flush();
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    private static async Task<long> CsvAsync(HttpResponse response, ResultAnswer answer, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename={answer.FileName}.csv";
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await using var csv = new CsvWriter(text, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, _) in answer.Columns)
        {
            csv.WriteField(answer.Described?.FirstOrDefault(c => c.Name == name) is { } about ? AnswerFormat.Header(about) : name);
        }

        await csv.NextRecordAsync().ConfigureAwait(false);
        var numeric = NumericColumns(answer.Columns);
        long written = 0, rows = 0;
        foreach (var row in answer.Rows)
        {
            if (rows == answer.MaxRows || written + text.GetStringBuilder().Length + Size(row) > answer.MaxBytes)
            {
                break;
            }

            for (var i = 0; i < row.Length; i++)
            {
                csv.WriteField(numeric[i] ? row[i] ?? string.Empty : Neutralised(row[i]));
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
            rows++;
            if (text.GetStringBuilder().Length > FlushBytes)
            {
                written += await SendAsync(text, response, cancellationToken).ConfigureAwait(false);
            }
        }

        await csv.FlushAsync().ConfigureAwait(false);
        await SendAsync(text, response, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static async Task<long> SendAsync(StringWriter text, HttpResponse response, CancellationToken cancellationToken)
    {
        var builder = text.GetStringBuilder();
        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        builder.Clear();
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes.Length;
    }

    /// <summary>About how many bytes a row takes written out (UTF-8 text plus quoting and separators).</summary>
    private static long Size(string?[] row)
    {
        long size = 2;
        foreach (var value in row)
        {
            size += (value is null ? 4 : Encoding.UTF8.GetByteCount(value)) + 3;
        }

        return size;
    }

    private static bool[] NumericColumns(IReadOnlyList<(string Name, string Type)> columns) =>
        columns.Select(c => Numeric.Contains(c.Type) || c.Type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase)).ToArray();

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

/// <summary>
/// An answer to write: its columns (name, DuckDB type), its rows as read, the caps, and how to write it; a cube answer
/// also describes its columns (<see cref="Described"/>: role, format, unit), which JSON states and a CSV header names.
/// </summary>
public sealed record ResultAnswer(
    IReadOnlyList<(string Name, string Type)> Columns,
    IEnumerable<string?[]> Rows,
    long MaxRows,
    long MaxBytes,
    string? Format,
    string FileName,
    Action<Utf8JsonWriter>? Header = null,
    IReadOnlyList<AnswerColumn>? Described = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => ResultWriter.WriteAsync(httpContext.Response, this, httpContext.RequestAborted);
}
