using System.Data.Common;
using System.Text;
using System.Text.Json;
using CrmWarehouse.Warehouse.DuckDb;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>Prints a result set as a table (Spectre.Console), CSV (RFC 4180) or JSON (an array of objects).</summary>
internal static class ResultPrinter
{
    public static void Print(DbDataReader reader, ResultFormat format, TextWriter output)
    {
        switch (format)
        {
            case ResultFormat.Csv:
                PrintCsv(reader, output);
                break;
            case ResultFormat.Json:
                PrintJson(reader, output);
                break;
            default:
                PrintTable(reader, output);
                break;
        }
    }

    private static void PrintTable(DbDataReader reader, TextWriter output)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var column = new TableColumn(Markup.Escape(reader.GetName(i)));
            if (IsNumeric(reader.GetFieldType(i)))
            {
                column.RightAligned();
            }

            table.AddColumn(column);
        }

        var rows = 0;
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "[grey]NULL[/]" : Markup.Escape(reader.GetText(i));
            }

            table.AddRow(cells);
            rows++;
        }

        var console = CliConsole.For(output);
        console.Write(table);
        console.MarkupLine($"[grey]{rows} row{(rows == 1 ? string.Empty : "s")}[/]");
    }

    private static void PrintCsv(DbDataReader reader, TextWriter output)
    {
        var line = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            line.Append(i > 0 ? "," : string.Empty).Append(CsvField(reader.GetName(i)));
        }

        output.WriteLine(line);
        while (reader.Read())
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                line.Append(i > 0 ? "," : string.Empty).Append(reader.IsDBNull(i) ? string.Empty : CsvField(reader.GetText(i)));
            }

            output.WriteLine(line);
        }
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void PrintJson(DbDataReader reader, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WritePropertyName(reader.GetName(i));
                    WriteJsonValue(json, reader, i);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteJsonValue(Utf8JsonWriter json, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNullValue();
            return;
        }

        var type = reader.GetFieldType(ordinal);
        if (type == typeof(bool))
        {
            json.WriteBooleanValue(reader.GetBoolean(ordinal));
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            var value = reader.GetDouble(ordinal);
            if (double.IsFinite(value))
            {
                json.WriteNumberValue(value);
            }
            else
            {
                json.WriteStringValue(reader.GetText(ordinal));
            }
        }
        else if (IsNumeric(type))
        {
            // Integers and DECIMALs are written from their exact text: JSON numbers have no width limit.
            json.WriteRawValue(reader.GetText(ordinal));
        }
        else
        {
            json.WriteStringValue(reader.GetText(ordinal));
        }
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte)
        || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) || type == typeof(Int128) || type == typeof(UInt128)
        || type == typeof(decimal) || type == typeof(double) || type == typeof(float);
}
