using System.Buffers.Binary;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>One Append per CLR type the staging tables use, each writing DuckDB's in-memory form of the value.</summary>
public sealed unsafe partial class ChunkAppender
{
    /// <summary>Days from 0001-01-01 to 1970-01-01: DuckDB counts DATE in days and TIMESTAMP in µs from 1970.</summary>
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public ChunkAppender Append(bool value)
    {
        *Slot<byte>(DuckDBType.Boolean, "bool") = value ? (byte)1 : (byte)0;
        return this;
    }

    public ChunkAppender Append(short value)
    {
        *Slot<short>(DuckDBType.SmallInt, "short") = value;
        return this;
    }

    public ChunkAppender Append(int value)
    {
        *Slot<int>(DuckDBType.Integer, "int") = value;
        return this;
    }

    public ChunkAppender Append(long value)
    {
        *Slot<long>(DuckDBType.BigInt, "long") = value;
        return this;
    }

    public ChunkAppender Append(float value)
    {
        *Slot<float>(DuckDBType.Float, "float") = value;
        return this;
    }

    public ChunkAppender Append(double value)
    {
        *Slot<double>(DuckDBType.Double, "double") = value;
        return this;
    }

    public ChunkAppender Append(DateOnly value)
    {
        *Slot<int>(DuckDBType.Date, "DateOnly") = value.DayNumber - UnixEpochDay;
        return this;
    }

    /// <summary>A TIMESTAMP: the wall-clock value as given, whatever its Kind.</summary>
    public ChunkAppender Append(DateTime value)
    {
        *Slot<long>(DuckDBType.Timestamp, "DateTime") = (value.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;
        return this;
    }

    /// <summary>A TIMESTAMPTZ: the instant, stored as UTC.</summary>
    public ChunkAppender Append(DateTimeOffset value)
    {
        *Slot<long>(DuckDBType.TimestampTz, "DateTimeOffset") = (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;
        return this;
    }

    public ChunkAppender Append(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        var upper = BinaryPrimitives.ReadInt64BigEndian(bytes) ^ long.MinValue;
        *Slot<HugeInt>(DuckDBType.Uuid, "Guid") = new HugeInt(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), upper);
        return this;
    }

    /// <summary>A DECIMAL(w, s): the value rounded to s places, stored as the integer value × 10^s in w's storage width.</summary>
    public ChunkAppender Append(decimal value)
    {
        Next(out var column);
        if (_types[column] != DuckDBType.Decimal)
        {
            throw new InvalidOperationException($"Column {column} is {_types[column]}; a decimal value was appended to it.");
        }

        var scaled = decimal.Round(value, _scales[column], MidpointRounding.AwayFromZero) * Pow10(_scales[column]);
        var data = _data[column];
        switch (_decimalStorage[column])
        {
            case DuckDBType.SmallInt:
                ((short*)data)[_row] = (short)scaled;
                break;
            case DuckDBType.Integer:
                ((int*)data)[_row] = (int)scaled;
                break;
            case DuckDBType.BigInt:
                ((long*)data)[_row] = (long)scaled;
                break;
            default:
                var wide = (Int128)scaled;
                ((HugeInt*)data)[_row] = new HugeInt((ulong)(wide & ulong.MaxValue), (long)(wide >> 64));
                break;
        }

        return this;
    }

    /// <summary>VARCHAR text (UTF-8), or SQL NULL for null.</summary>
    public ChunkAppender Append(string? value)
    {
        if (value is null)
        {
            return AppendNull();
        }

        var bytes = Utf8(value);
        Next(out var column);
        if (_types[column] != DuckDBType.Varchar)
        {
            throw new InvalidOperationException($"Column {column} is {_types[column]}; a string value was appended to it.");
        }

        WriteBytes(bytes, column, utf8: true);
        return this;
    }

    public ChunkAppender Append(byte[] value)
    {
        Next(out var column);
        if (_types[column] != DuckDBType.Blob)
        {
            throw new InvalidOperationException($"Column {column} is {_types[column]}; a byte[] value was appended to it.");
        }

        WriteBytes(value, column, utf8: false);
        return this;
    }

    private static readonly decimal[] Powers = [.. Enumerable.Range(0, 29).Select(scale => Enumerable.Repeat(10m, scale).Aggregate(1m, (a, b) => a * b))];

    private static decimal Pow10(int scale) => Powers[scale];
}
