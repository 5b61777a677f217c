using System.Data.Common;
using System.Text;
using System.Text.Json;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Warehouse.DuckDb;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// Prints a cube answer for people or programs. Table: each level by its caption (2026-Q2, names, 未知, 合计), measures
/// formatted with their unit in the header, total rows in bold. CSV: raw values (keys, captions, the grouping mask,
/// measures unformatted), the header naming units. JSON: an object per row with raw values and, per measure, its
/// formatted text beside it (<c>"balance:text"</c>).
/// </summary>
internal static class CubeAnswerPrinter
{
    public static void Print(DbDataReader reader, IReadOnlyList<AnswerColumn> columns, ResultFormat format, TextWriter output)
    {
        var ordinals = columns.Select(c => reader.GetOrdinal(c.Name)).ToList();
        switch (format)
        {
            case ResultFormat.Csv:
                PrintCsv(reader, columns, ordinals, output);
                break;
            case ResultFormat.Json:
                PrintJson(reader, columns, ordinals, output);
                break;
            default:
                PrintTable(reader, columns, ordinals, output);
                break;
        }
    }

    private static void PrintTable(DbDataReader reader, IReadOnlyList<AnswerColumn> columns, List<int> ordinals, TextWriter output)
    {
        var shown = columns.Select((c, i) => (Column: c, Ordinal: ordinals[i])).Where(c => c.Column.Role is AnswerRole.Caption or AnswerRole.Measure).ToList();
        var grouping = columns.Select((c, i) => (c, i)).Where(c => c.c.Role == AnswerRole.Grouping).Select(c => (int?)ordinals[c.i]).FirstOrDefault();
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (column, _) in shown)
        {
            var header = new TableColumn(Markup.Escape(column.Role == AnswerRole.Caption ? column.Name[..^":caption".Length] : AnswerFormat.Header(column)));
            table.AddColumn(column.Role == AnswerRole.Measure ? header.RightAligned() : header);
        }

        var rows = 0;
        while (reader.Read())
        {
            var total = grouping is { } g && !reader.IsDBNull(g) && Convert.ToInt64(reader.GetValue(g), System.Globalization.CultureInfo.InvariantCulture) != 0;
            table.AddRow(shown.Select(c =>
            {
                var text = reader.IsDBNull(c.Ordinal) ? null : AnswerFormat.Text(c.Column, reader.GetValue(c.Ordinal)) ?? reader.GetText(c.Ordinal);
                return text is null ? "[grey]–[/]" : total ? $"[bold]{Markup.Escape(text)}[/]" : Markup.Escape(text);
            }).ToArray());
            rows += total ? 0 : 1;
        }

        var console = CliConsole.For(output);
        console.Write(table);
        console.MarkupLine($"[grey]{rows} row{(rows == 1 ? string.Empty : "s")}[/]");
    }

    private static void PrintCsv(DbDataReader reader, IReadOnlyList<AnswerColumn> columns, List<int> ordinals, TextWriter output)
    {
        output.WriteLine(string.Join(",", columns.Select(c => Csv(AnswerFormat.Header(c)))));
        while (reader.Read())
        {
            output.WriteLine(string.Join(",", ordinals.Select(i => reader.IsDBNull(i) ? string.Empty : Csv(reader.GetText(i)))));
        }
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void PrintJson(DbDataReader reader, IReadOnlyList<AnswerColumn> columns, List<int> ordinals, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                foreach (var (column, i) in columns.Select((c, i) => (c, ordinals[i])))
                {
                    json.WritePropertyName(column.Name);
                    if (reader.IsDBNull(i))
                    {
                        json.WriteNullValue();
                    }
                    else if (column.Role is AnswerRole.Caption || reader.GetValue(i) is string && !double.TryParse(reader.GetText(i), System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        json.WriteStringValue(reader.GetText(i));
                    }
                    else
                    {
                        // Numbers from DuckDB's exact text (DECIMAL, HUGEINT): JSON numbers have no width limit.
                        var text = reader.GetText(i);
                        if (double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                        {
                            json.WriteRawValue(text);
                        }
                        else
                        {
                            json.WriteStringValue(text);
                        }
                    }

                    if (column.Role == AnswerRole.Measure)
                    {
                        var formatted = reader.IsDBNull(i) ? null : AnswerFormat.WithUnit(column, reader.GetValue(i));
                        json.WriteString(column.Name + ":text", formatted);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
