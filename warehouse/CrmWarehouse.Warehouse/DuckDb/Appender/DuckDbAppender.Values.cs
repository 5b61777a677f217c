using System.Globalization;
using System.Text;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed unsafe partial class DuckDbAppender
{
    public DuckDbAppender AppendNull()
    {
        var column = Next();
        var validity = _validity[column];
        if (validity == null)
        {
            NativeMethods.VectorEnsureValidityWritable(_vectors[column]);
            validity = _validity[column] = NativeMethods.VectorGetValidity(_vectors[column]);
        }

        validity[_rowInChunk >> 6] &= ~(1UL << (_rowInChunk & 63));
        return this;
    }

    public DuckDbAppender Append(long value)
    {
        if (_column < _types.Length && _types[_column].Id == DuckDbType.BigInt)
        {
            ((long*)_data[Next()])[_rowInChunk] = value;
            return this;
        }

        return AppendInteger(value);
    }

    public DuckDbAppender Append(int value)
    {
        if (_column < _types.Length && _types[_column].Id == DuckDbType.Integer)
        {
            ((int*)_data[Next()])[_rowInChunk] = value;
            return this;
        }

        return AppendInteger(value);
    }

    public DuckDbAppender Append(short value) => AppendInteger(value);

    public DuckDbAppender Append(sbyte value) => AppendInteger(value);

    public DuckDbAppender Append(byte value) => AppendInteger(value);

    public DuckDbAppender Append(ushort value) => AppendInteger(value);

    public DuckDbAppender Append(uint value) => AppendInteger(value);

    public DuckDbAppender Append(ulong value) => AppendInteger(value);

    public DuckDbAppender Append(Int128 value) => AppendInteger(value);

    public DuckDbAppender Append(UInt128 value)
    {
        var column = Peek();
        if (_types[column].Id == DuckDbType.UHugeInt)
        {
            ((DuckDbUHugeInt*)_data[Next()])[_rowInChunk] = new DuckDbUHugeInt(value);
            return this;
        }

        return AppendInteger(value <= (UInt128)Int128.MaxValue ? (Int128)value : throw Overflow(column, value));
    }

    public DuckDbAppender Append(bool value)
    {
        var column = Peek();
        if (_types[column].Id != DuckDbType.Boolean)
        {
            throw Mismatch(column, "Boolean");
        }

        ((byte*)_data[Next()])[_rowInChunk] = value ? (byte)1 : (byte)0;
        return this;
    }

    public DuckDbAppender Append(double value)
    {
        var column = Peek();
        switch (_types[column].Id)
        {
            case DuckDbType.Double:
                ((double*)_data[Next()])[_rowInChunk] = value;
                return this;
            case DuckDbType.Float:
                ((float*)_data[Next()])[_rowInChunk] = (float)value;
                return this;
            case DuckDbType.Decimal:
                return Append(double.IsFinite(value) ? (decimal)value : throw Overflow(column, value));
            case DuckDbType.Varchar:
                return Append(ValueText.FormatDouble(value));
            default:
                throw Mismatch(column, "Double");
        }
    }

    public DuckDbAppender Append(float value) => Peek() is var column && _types[column].Id == DuckDbType.Float
        ? WriteAndAdvance(value)
        : Append((double)value);

    public DuckDbAppender Append(decimal value)
    {
        var column = Peek();
        var type = _types[column];
        switch (type.Id)
        {
            case DuckDbType.Decimal:
                var (unscaled, scale) = NumericCodec.FromDecimal(value);
                return WriteDecimal(column, NumericCodec.Rescale(unscaled, scale, type.DecimalScale), value);
            case DuckDbType.Double or DuckDbType.Float:
                return Append((double)value);
            case DuckDbType.Varchar:
                return Append(value.ToString(CultureInfo.InvariantCulture));
            default:
                return decimal.Truncate(value) == value ? AppendInteger((Int128)value) : throw Mismatch(column, "Decimal");
        }
    }

    public DuckDbAppender Append(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }

        var column = Peek();
        switch (_types[column].Id)
        {
            case DuckDbType.Varchar:
                var length = Encoding.UTF8.GetMaxByteCount(value.Length) <= _utf8.Length
                    ? Encoding.UTF8.GetBytes(value, _utf8)
                    : EncodeLarge(value);
                WriteString(Next(), _utf8.AsSpan(0, length), checkedUtf8: false);
                return this;
            case DuckDbType.Enum:
                var index = Array.IndexOf(_types[column].EnumValues!, value);
                return index >= 0 ? WriteInteger(column, _types[column].StorageType, index, value)
                    : throw new DuckDbException($"Appender for '{_table}': row {_rowsEnded + 1}, column '{_names[column]}': '{value}' is not a value of the ENUM.", DuckDbErrorType.Conversion);
            case DuckDbType.Uuid:
                return Append(Guid.TryParse(value, out var guid) ? guid : throw Mismatch(column, "String that is not a UUID"));
            case DuckDbType.Blob:
                return Append(Encoding.UTF8.GetBytes(value).AsSpan());
            default:
                throw Mismatch(column, "String");
        }
    }

    public DuckDbAppender Append(byte[]? value) => value is null ? AppendNull() : Append(value.AsSpan());

    public DuckDbAppender Append(ReadOnlySpan<byte> value)
    {
        var column = Peek();
        if (_types[column].Id != DuckDbType.Blob)
        {
            throw Mismatch(column, "bytes");
        }

        WriteString(Next(), value, checkedUtf8: true);
        return this;
    }

    public DuckDbAppender Append(Guid value)
    {
        var column = Peek();
        return _types[column].Id switch
        {
            DuckDbType.Uuid => WriteAndAdvance(new DuckDbHugeInt(NumericCodec.GuidToStored(value))),
            DuckDbType.Varchar => Append(value.ToString()),
            _ => throw Mismatch(column, "Guid"),
        };
    }
}
