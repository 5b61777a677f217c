using System.Collections;
using CrmWarehouse.Serving.PgWire.Protocol;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>
/// A LIST or ARRAY of a scalar type as a one-dimensional PostgreSQL array: text <c>{1,NULL,"a b"}</c>, binary
/// ndim, has-null flag, element OID, size and lower bound, then each element length-prefixed (-1 for NULL).
/// </summary>
internal sealed class ArrayEncoder(PgType element, ValueEncoder elements, Type clrElement) : ValueEncoder
{
    // DuckDB.NET reads a list with NULLs only as a list of a nullable element type, asked for by that type.
    private readonly Func<DuckDBDataReader, int, object> _read = ListReader(clrElement);

    public override void WriteText(DuckDBDataReader reader, int ordinal, PgWriter writer) => WriteText(_read(reader, ordinal), writer);

    public override void WriteBinary(DuckDBDataReader reader, int ordinal, PgWriter writer) => WriteBinary(_read(reader, ordinal), writer);

    private static Func<DuckDBDataReader, int, object> ListReader(Type clrElement)
    {
        var nullable = clrElement.IsValueType ? typeof(Nullable<>).MakeGenericType(clrElement) : clrElement;
        var method = typeof(DuckDBDataReader).GetMethod(nameof(DuckDBDataReader.GetFieldValue))!.MakeGenericMethod(typeof(List<>).MakeGenericType(nullable));
        return (reader, ordinal) => method.Invoke(reader, [ordinal])!;
    }

    public override void WriteText(object value, PgWriter writer)
    {
        writer.WriteByte((byte)'{');
        var first = true;
        foreach (var item in (IEnumerable)value)
        {
            if (!first)
            {
                writer.WriteByte((byte)',');
            }

            first = false;
            if (item is null)
            {
                writer.WriteText("NULL");
            }
            else if (element.Category is 'S' or 'U' or 'D' or 'T')
            {
                // Strings, dates and the like may hold separators: quote them all, as PostgreSQL would any that needs it.
                var text = new TextCapture();
                elements.WriteText(item, text.Writer);
                writer.WriteText(Quote(text.ToString()));
            }
            else
            {
                elements.WriteText(item, writer);
            }
        }

        writer.WriteByte((byte)'}');
    }

    public override void WriteBinary(object value, PgWriter writer)
    {
        var items = ((IEnumerable)value).Cast<object?>().ToList();
        writer.WriteInt32(1);
        writer.WriteInt32(items.Contains(null) ? 1 : 0);
        writer.WriteInt32((int)element.Oid);
        writer.WriteInt32(items.Count);
        writer.WriteInt32(1);
        foreach (var item in items)
        {
            if (item is null)
            {
                writer.WriteInt32(-1);
                continue;
            }

            var start = writer.StartField();
            elements.WriteBinary(item, writer);
            writer.EndField(start);
        }
    }

    private static string Quote(string text)
    {
        var needs = text.Length == 0 || text.Equals("NULL", StringComparison.OrdinalIgnoreCase)
            || text.AsSpan().IndexOfAny("{}\",\\ \t\n\r") >= 0;
        return needs ? "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>An element's text, captured to decide on quoting.</summary>
    private sealed class TextCapture
    {
        private readonly MemoryStream _stream = new();

        public TextCapture() => Writer = new PgWriter(_stream);

        public PgWriter Writer { get; }

        public override string ToString()
        {
            Writer.Flush();
            return System.Text.Encoding.UTF8.GetString(_stream.ToArray());
        }
    }
}
