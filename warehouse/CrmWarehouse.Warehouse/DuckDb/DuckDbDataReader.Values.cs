using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed partial class DuckDbDataReader
{
    public override bool IsDBNull(int ordinal) => !Column(ordinal).IsValid((ulong)_row);

    public override object GetValue(int ordinal)
    {
        ref readonly var column = ref Column(ordinal);
        return column.IsValid((ulong)_row) ? column.GetValue((ulong)_row) : DBNull.Value;
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool GetBoolean(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id == DuckDbType.Boolean ? column.Read<byte>((ulong)_row) != 0 : GetInteger(ordinal) != 0;
    }

    public override byte GetByte(int ordinal) => checked((byte)GetInteger(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInteger(ordinal));

    public override int GetInt32(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id == DuckDbType.Integer ? column.Read<int>((ulong)_row) : checked((int)GetInteger(ordinal));
    }

    public override long GetInt64(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id == DuckDbType.BigInt ? column.Read<long>((ulong)_row) : checked((long)GetInteger(ordinal));
    }

    public override double GetDouble(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id switch
        {
            DuckDbType.Double => column.Read<double>((ulong)_row),
            DuckDbType.Float => column.Read<float>((ulong)_row),
            DuckDbType.Decimal => (double)column.ReadDecimal((ulong)_row),
            _ => (double)GetInteger(ordinal),
        };
    }

    public override float GetFloat(int ordinal) => Column(ordinal).Type.Id == DuckDbType.Float
        ? Valid(ordinal).Read<float>((ulong)_row)
        : (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id switch
        {
            DuckDbType.Decimal => column.ReadDecimal((ulong)_row),
            DuckDbType.Double => (decimal)column.Read<double>((ulong)_row),
            DuckDbType.Float => (decimal)column.Read<float>((ulong)_row),
            _ => (decimal)GetInteger(ordinal),
        };
    }

    /// <summary>VARCHAR and ENUM as they are; any other type as DuckDB's text form of the value.</summary>
    public override string GetString(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id switch
        {
            DuckDbType.Varchar => column.ReadString((ulong)_row),
            DuckDbType.Enum => column.ReadEnum((ulong)_row),
            _ => ValueText.Format(column, (ulong)_row),
        };
    }

    public override char GetChar(int ordinal)
    {
        var text = GetString(ordinal);
        return text.Length > 0 ? text[0] : throw new InvalidCastException($"Column '{GetName(ordinal)}' holds an empty string, not a character.");
    }

    public override DateTime GetDateTime(int ordinal) => Valid(ordinal).ReadTimestamp((ulong)_row);

    public override Guid GetGuid(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id == DuckDbType.Uuid
            ? NumericCodec.ToGuid(column.ReadHugeInt((ulong)_row))
            : Guid.Parse(GetString(ordinal), CultureInfo.InvariantCulture);
    }

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        ref readonly var column = ref Valid(ordinal);
        if (column.Type.Id is not (DuckDbType.Blob or DuckDbType.Varchar))
        {
            throw Mismatch(ordinal, "bytes");
        }

        var bytes = column.ReadBytesSpan((ulong)_row);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        bytes.Slice((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <summary>Any integer column (and DECIMAL with scale 0) widened to Int128.</summary>
    private Int128 GetInteger(int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        return column.Type.Id switch
        {
            DuckDbType.Decimal when column.Type.DecimalScale == 0 => column.ReadInteger((ulong)_row, column.Type.StorageType),
            DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer or DuckDbType.BigInt or DuckDbType.HugeInt
                or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger or DuckDbType.UBigInt
                or DuckDbType.UHugeInt or DuckDbType.Boolean => column.ReadInteger((ulong)_row, column.Type.Id),
            _ => throw Mismatch(ordinal, "an integer"),
        };
    }

    /// <summary>The column's vector for the current row; throws when there is no current row.</summary>
    private ref readonly VectorView Column(int ordinal)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_row < 0 || _row >= _chunkSize)
        {
            throw new InvalidOperationException("There is no current row: call Read() first, and only while it returns true.");
        }

        if ((uint)ordinal >= (uint)_columns.Length)
        {
            throw new IndexOutOfRangeException($"Column ordinal {ordinal} is out of range; the result has {_columns.Length} columns.");
        }

        return ref _columns[ordinal];
    }

    /// <summary>As <see cref="Column"/>, and the value must not be NULL.</summary>
    private ref readonly VectorView Valid(int ordinal)
    {
        ref readonly var column = ref Column(ordinal);
        if (!column.IsValid((ulong)_row))
        {
            throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL in this row; check IsDBNull first.");
        }

        return ref column;
    }

    private InvalidCastException Mismatch(int ordinal, string wanted) =>
        new($"Column '{GetName(ordinal)}' is {Column(ordinal).Type.SqlName}; it cannot be read as {wanted}.");
}
