using System.Globalization;
using System.Text;
using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed unsafe partial class DuckDbAppender
{
    /// <summary>Appends a value of any supported type (slower than the typed overloads: it dispatches on the type).</summary>
    public DuckDbAppender AppendValue(object? value) => value switch
    {
        null or DBNull => AppendNull(),
        long v => Append(v),
        int v => Append(v),
        string v => Append(v),
        double v => Append(v),
        decimal v => Append(v),
        bool v => Append(v),
        DateOnly v => Append(v),
        DateTime v => Append(v),
        DateTimeOffset v => Append(v),
        TimeOnly v => Append(v),
        TimeSpan v => Append(v),
        DuckDbInterval v => Append(v),
        Guid v => Append(v),
        byte[] v => Append(v),
        short v => Append(v),
        sbyte v => Append(v),
        byte v => Append(v),
        ushort v => Append(v),
        uint v => Append(v),
        ulong v => Append(v),
        float v => Append(v),
        Int128 v => Append(v),
        UInt128 v => Append(v),
        _ => throw Mismatch(Peek(), value.GetType().Name),
    };

    /// <summary>Appends one whole row.</summary>
    public DuckDbAppender AppendRow(params ReadOnlySpan<object?> values)
    {
        foreach (var value in values)
        {
            AppendValue(value);
        }

        return EndRow();
    }

    private DuckDbAppender AppendInteger(Int128 value)
    {
        var column = Peek();
        var type = _types[column];
        return type.Id switch
        {
            DuckDbType.Decimal => WriteDecimal(column, Int128.Abs(value) < Pow10(type.DecimalWidth) ? value * Pow10(type.DecimalScale) : throw Overflow(column, value), value),
            DuckDbType.Double => WriteAndAdvance((double)value),
            DuckDbType.Float => WriteAndAdvance((float)value),
            DuckDbType.Varchar => Append(value.ToString(CultureInfo.InvariantCulture)),
            _ => WriteInteger(column, type.Id, value, value),
        };
    }

    /// <summary>Writes an unscaled DECIMAL value, refusing one with more digits than the column's width.</summary>
    private DuckDbAppender WriteDecimal(int column, Int128 unscaled, object original)
    {
        var type = _types[column];
        return Int128.Abs(unscaled) < Pow10(type.DecimalWidth)
            ? WriteInteger(column, type.StorageType, unscaled, original)
            : throw Overflow(column, original);
    }

    /// <summary>Writes an integer into a column stored as <paramref name="storage"/>, checking its range.</summary>
    private DuckDbAppender WriteInteger(int column, DuckDbType storage, Int128 value, object original)
    {
        var data = _data[column];
        var row = _rowInChunk;
        try
        {
            switch (storage)
            {
                case DuckDbType.TinyInt: ((sbyte*)data)[row] = checked((sbyte)value); break;
                case DuckDbType.SmallInt: ((short*)data)[row] = checked((short)value); break;
                case DuckDbType.Integer: ((int*)data)[row] = checked((int)value); break;
                case DuckDbType.BigInt: ((long*)data)[row] = checked((long)value); break;
                case DuckDbType.UTinyInt: ((byte*)data)[row] = checked((byte)value); break;
                case DuckDbType.USmallInt: ((ushort*)data)[row] = checked((ushort)value); break;
                case DuckDbType.UInteger: ((uint*)data)[row] = checked((uint)value); break;
                case DuckDbType.UBigInt: ((ulong*)data)[row] = checked((ulong)value); break;
                case DuckDbType.HugeInt: ((DuckDbHugeInt*)data)[row] = new DuckDbHugeInt(value); break;
                case DuckDbType.UHugeInt: ((DuckDbUHugeInt*)data)[row] = new DuckDbUHugeInt(checked((UInt128)value)); break;
                default: throw Mismatch(column, original.GetType().Name);
            }
        }
        catch (OverflowException)
        {
            throw Overflow(column, original);
        }

        Next();
        return this;
    }

    private DuckDbAppender WriteAndAdvance<T>(T value) where T : unmanaged
    {
        var column = Next();
        ((T*)_data[column])[_rowInChunk] = value;
        return this;
    }

    /// <summary>
    /// Writes a VARCHAR/BLOB element: up to 12 bytes inline in the 16-byte element (zero-padded, as DuckDB compares
    /// inlined strings whole), longer ones copied into the vector's heap by DuckDB.
    /// </summary>
    private void WriteString(int column, ReadOnlySpan<byte> bytes, bool checkedUtf8)
    {
        if (bytes.Length <= DuckDbStringT.InlineLength)
        {
            var element = (DuckDbStringT*)_data[column] + _rowInChunk;
            *element = default;
            element->Length = (uint)bytes.Length;
            bytes.CopyTo(new Span<byte>(element->Inlined, DuckDbStringT.InlineLength));
            return;
        }

        fixed (byte* text = bytes)
        {
            if (checkedUtf8)
            {
                NativeMethods.VectorAssignString(_vectors[column], (ulong)_rowInChunk, text, (ulong)bytes.Length);
            }
            else
            {
                // Encoding.UTF8 never produces invalid UTF-8 (lone surrogates become U+FFFD), so DuckDB may skip its check.
                NativeMethods.VectorAssignStringUnchecked(_vectors[column], (ulong)_rowInChunk, text, (ulong)bytes.Length);
            }
        }
    }

    private int EncodeLarge(string value)
    {
        _utf8 = new byte[Math.Max(Encoding.UTF8.GetMaxByteCount(value.Length), _utf8.Length * 2)];
        return Encoding.UTF8.GetBytes(value, _utf8);
    }

    /// <summary>The column the next value goes to.</summary>
    private int Peek()
    {
        ThrowIfClosed();
        if (_column >= _types.Length)
        {
            _column = 0;
            throw new DuckDbException(
                $"Appender for '{_table}': row {_rowsEnded + 1} has more values than the table's {_types.Length} columns (missing EndRow?); the row was discarded.",
                DuckDbErrorType.InvalidInput);
        }

        return _column;
    }

    private int Next()
    {
        var column = Peek();
        _column++;
        return column;
    }

    private static Int128 Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private DuckDbException Mismatch(int column, string given)
    {
        _column = 0;
        return new DuckDbException(
            $"Appender for '{_table}': row {_rowsEnded + 1}, column '{_names[column]}' ({_types[column].SqlName}) cannot take a {given} value; the row was discarded.",
            DuckDbErrorType.MismatchType);
    }

    private DuckDbException Overflow(int column, object value)
    {
        _column = 0;
        return new DuckDbException(
            $"Appender for '{_table}': row {_rowsEnded + 1}, column '{_names[column]}' ({_types[column].SqlName}): {Convert.ToString(value, CultureInfo.InvariantCulture)} is out of range; the row was discarded.",
            DuckDbErrorType.OutOfRange);
    }
}
