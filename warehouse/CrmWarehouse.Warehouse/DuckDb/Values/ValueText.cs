using System.Globalization;
using System.Text;
using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Values;

/// <summary>
/// Writes any value the way DuckDB casts it to VARCHAR: numbers invariant, dates ISO, DECIMAL exact from its
/// unscaled value, LIST as [a, b], STRUCT as {'k': v}, MAP as {k=v}. Used for nested types and for text output.
/// Strings inside LIST/STRUCT/MAP stay unquoted, as DuckDB prints them.
/// </summary>
internal static class ValueText
{
    public static string Format(VectorView view, ulong row)
    {
        var text = new StringBuilder();
        Append(text, view, row);
        return text.ToString();
    }

    private static void Append(StringBuilder text, VectorView view, ulong row)
    {
        if (!view.IsValid(row))
        {
            text.Append("NULL");
            return;
        }

        var type = view.Type;
        switch (type.Id)
        {
            case DuckDbType.Varchar:
            case DuckDbType.Enum:
                // DuckDB's VARCHAR cast leaves strings inside LIST/STRUCT/MAP unquoted too.
                text.Append(type.Id == DuckDbType.Enum ? view.ReadEnum(row) : view.ReadString(row));
                break;
            case DuckDbType.Boolean:
                text.Append(view.Read<byte>(row) != 0 ? "true" : "false");
                break;
            case DuckDbType.Float:
                text.Append(FormatFloat(view.Read<float>(row)));
                break;
            case DuckDbType.Double:
                text.Append(FormatDouble(view.Read<double>(row)));
                break;
            case DuckDbType.Decimal:
                text.Append(FormatDecimal(view.ReadInteger(row, type.StorageType), type.DecimalScale));
                break;
            case DuckDbType.Date:
                text.Append(view.ReadTimestamp(row).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs:
                text.Append(FormatTimestamp(view.ReadTimestamp(row)));
                break;
            case DuckDbType.TimestampTz or DuckDbType.TimestampTzNs:
                text.Append(FormatTimestamp(view.ReadTimestamp(row))).Append("+00");
                break;
            case DuckDbType.Time or DuckDbType.TimeNs:
                text.Append(FormatTime(view.ReadTime(row)));
                break;
            case DuckDbType.TimeTz:
                var (time, offset) = TemporalCodec.ToTimeTz(view.Read<ulong>(row));
                text.Append(FormatTime(time)).Append(offset < TimeSpan.Zero ? '-' : '+')
                    .Append(offset.Duration().ToString(offset.Minutes == 0 ? "hh" : @"hh\:mm", CultureInfo.InvariantCulture));
                break;
            case DuckDbType.Blob:
                AppendBlob(text, view.ReadBytesSpan(row));
                break;
            case DuckDbType.Bit:
                AppendBits(text, view.ReadBytesSpan(row));
                break;
            case DuckDbType.List or DuckDbType.Map:
                AppendList(text, view, row);
                break;
            case DuckDbType.Array:
                AppendArray(text, view, row);
                break;
            case DuckDbType.Struct:
                AppendStruct(text, view, row);
                break;
            case DuckDbType.Union:
                var tag = view.StructChild(0, type.Members[0].Type).Read<byte>(row);
                Append(text, view.StructChild(tag + 1, type.Members[tag].Type), row);
                break;
            case DuckDbType.SqlNull:
                text.Append("NULL");
                break;
            case DuckDbType.BigNum or DuckDbType.Geometry or DuckDbType.Variant:
                throw new NotSupportedException($"Values of type {type.SqlName} cannot be read directly; cast the column to VARCHAR in SQL.");
            default:
                text.Append(Convert.ToString(view.GetValue(row), CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendList(StringBuilder text, VectorView view, ulong row)
    {
        var entry = view.Read<DuckDbListEntry>(row);
        var child = view.ListChild();
        var isMap = view.Type.Id == DuckDbType.Map;
        text.Append(isMap ? '{' : '[');
        for (var i = 0UL; i < entry.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            if (isMap)
            {
                Append(text, child.StructChild(0, child.Type.Members[0].Type), entry.Offset + i);
                text.Append('=');
                Append(text, child.StructChild(1, child.Type.Members[1].Type), entry.Offset + i);
            }
            else
            {
                Append(text, child, entry.Offset + i);
            }
        }

        text.Append(isMap ? '}' : ']');
    }

    private static void AppendArray(StringBuilder text, VectorView view, ulong row)
    {
        var child = view.ArrayChild();
        var size = view.Type.ArraySize;
        text.Append('[');
        for (var i = 0UL; i < size; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Append(text, child, (row * size) + i);
        }

        text.Append(']');
    }

    private static void AppendStruct(StringBuilder text, VectorView view, ulong row)
    {
        text.Append('{');
        var members = view.Type.Members;
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(Quote(members[i].Name)).Append(": ");
            Append(text, view.StructChild(i, members[i].Type), row);
        }

        text.Append('}');
    }

    private static string Quote(string value) => "'" + value.Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string FormatDouble(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : double.IsNaN(value) ? "nan"
        : value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    private static string FormatFloat(float value) =>
        float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e') : FormatDouble(value);

    /// <summary>Exact text of an unscaled DECIMAL value, e.g. (12345, 2) → "123.45".</summary>
    public static string FormatDecimal(Int128 unscaled, int scale)
    {
        var digits = Int128.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }

        return unscaled < 0 ? "-" + digits : digits;
    }

    public static string FormatTimestamp(DateTime value)
    {
        var text = value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + (fraction / 10).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static string FormatTime(TimeOnly value)
    {
        var text = value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + (fraction / 10).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static void AppendBlob(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is >= 32 and < 127 && b != (byte)'\\' && b != (byte)'\'' && b != (byte)'"')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
    }

    /// <summary>BIT: the first byte counts the padding bits of the second; the rest are the bits, high bit first.</summary>
    private static void AppendBits(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        var padding = bytes.Length > 0 ? bytes[0] : 0;
        for (var i = 1; i < bytes.Length; i++)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                if (i == 1 && 7 - bit < padding)
                {
                    continue;
                }

                text.Append((bytes[i] >> bit & 1) == 1 ? '1' : '0');
            }
        }
    }
}
