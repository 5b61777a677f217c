using System.Buffers.Binary;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>One Append per CLR type the staging tables use, each writing DuckDB's in-memory form of the value.</summary>
public sealed unsafe partial class ChunkAppender
{
    /// <summary>Days from 0001-01-01 to 1970-01-01: DuckDB counts DATE in days and TIMESTAMP in µs from 1970.</summary>
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public ChunkAppender Append(bool value) => Write<byte>(DuckDBType.Boolean, "bool", value ? (byte)1 : (byte)0);

    public ChunkAppender Append(short value) => Write<short>(DuckDBType.SmallInt, "short", value);

    public ChunkAppender Append(int value) => Write<int>(DuckDBType.Integer, "int", value);

    public ChunkAppender Append(long value) => Write<long>(DuckDBType.BigInt, "long", value);

    public ChunkAppender Append(float value) => Write<float>(DuckDBType.Float, "float", value);

    public ChunkAppender Append(double value) => Write<double>(DuckDBType.Double, "double", value);

    public ChunkAppender Append(DateOnly value) => Write<int>(DuckDBType.Date, "DateOnly", value.DayNumber - UnixEpochDay);

    /// <summary>A TIMESTAMP: the wall-clock value as given, whatever its Kind.</summary>
    public ChunkAppender Append(DateTime value) => Write<long>(DuckDBType.Timestamp, "DateTime", (value.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond);

    /// <summary>A TIMESTAMPTZ: the instant, stored as UTC.</summary>
    public ChunkAppender Append(DateTimeOffset value) => Write<long>(DuckDBType.TimestampTz, "DateTimeOffset", (value.UtcTicks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond);

    public ChunkAppender Append(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        var upper = BinaryPrimitives.ReadInt64BigEndian(bytes) ^ long.MinValue;
        return Write(DuckDBType.Uuid, "Guid", new HugeInt(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), upper));
    }

    /// <summary>A DECIMAL(w, s): the value rounded to s places, stored as the integer value × 10^s in w's storage width.</summary>
    public ChunkAppender Append(decimal value)
    {
        var column = Column(DuckDBType.Decimal, "decimal");
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
        var column = Column(DuckDBType.Varchar, "string");
        WriteBytes(bytes, column, utf8: true);
        return this;
    }

    public ChunkAppender Append(byte[] value)
    {
        var column = Column(DuckDBType.Blob, "byte[]");
        WriteBytes(value, column, utf8: false);
        return this;
    }

    private ChunkAppender Write<T>(DuckDBType type, string clrType, T value)
        where T : unmanaged
    {
        *Slot<T>(type, clrType) = value;
        return this;
    }

    private static readonly decimal[] Powers = [.. Enumerable.Range(0, 29).Select(scale => Enumerable.Repeat(10m, scale).Aggregate(1m, (a, b) => a * b))];

    private static decimal Pow10(int scale) => Powers[scale];
}
