using System.Text;
using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Values;

/// <summary>
/// One column of one data chunk: the vector's data pointer and validity mask, read directly
/// (no native call per value). Borrowed from the chunk; valid until the chunk is destroyed.
/// </summary>
internal readonly unsafe partial struct VectorView
{
    private readonly nint _vector;
    private readonly void* _data;
    private readonly ulong* _validity;

    public VectorView(nint vector, ColumnType type)
    {
        _vector = vector;
        Type = type;
        _data = NativeMethods.VectorGetData(vector);
        _validity = NativeMethods.VectorGetValidity(vector);
    }

    public ColumnType Type { get; }

    public bool IsValid(ulong row) => _validity == null || (_validity[row >> 6] & (1UL << (int)(row & 63))) != 0;

    public T Read<T>(ulong row) where T : unmanaged => ((T*)_data)[row];

    public string ReadString(ulong row) => Encoding.UTF8.GetString(ReadBytesSpan(row));

    public ReadOnlySpan<byte> ReadBytesSpan(ulong row) => DuckDbStringT.Bytes((DuckDbStringT*)_data + row);

    public Int128 ReadHugeInt(ulong row) => ((DuckDbHugeInt*)_data)[row].ToInt128();

    /// <summary>Any integer column (or DECIMAL/ENUM storage) widened to Int128.</summary>
    public Int128 ReadInteger(ulong row, DuckDbType storage) => storage switch
    {
        DuckDbType.Boolean => ((byte*)_data)[row] != 0 ? 1 : 0,
        DuckDbType.TinyInt => ((sbyte*)_data)[row],
        DuckDbType.SmallInt => ((short*)_data)[row],
        DuckDbType.Integer => ((int*)_data)[row],
        DuckDbType.BigInt => ((long*)_data)[row],
        DuckDbType.UTinyInt => ((byte*)_data)[row],
        DuckDbType.USmallInt => ((ushort*)_data)[row],
        DuckDbType.UInteger => ((uint*)_data)[row],
        DuckDbType.UBigInt => ((ulong*)_data)[row],
        DuckDbType.HugeInt => ReadHugeInt(row),
        DuckDbType.UHugeInt => (Int128)((UInt128)((DuckDbUHugeInt*)_data)[row].Upper << 64 | ((DuckDbUHugeInt*)_data)[row].Lower),
        _ => throw new InvalidCastException($"A {Type.SqlName} value is not an integer."),
    };

    public UInt128 ReadUHugeInt(ulong row)
    {
        var value = ((DuckDbUHugeInt*)_data)[row];
        return ((UInt128)value.Upper << 64) | value.Lower;
    }

    public decimal ReadDecimal(ulong row) => NumericCodec.ToDecimal(ReadInteger(row, Type.StorageType), Type.DecimalScale);

    public string ReadEnum(ulong row) => Type.EnumValues![(int)ReadInteger(row, Type.StorageType)];

    public DuckDbInterval ReadInterval(ulong row)
    {
        var value = ((DuckDbIntervalStruct*)_data)[row];
        return new DuckDbInterval(value.Months, value.Days, value.Micros);
    }

    /// <summary>Microseconds since the epoch, whatever the TIMESTAMP precision.</summary>
    public DateTime ReadTimestamp(ulong row) => Type.Id switch
    {
        DuckDbType.Timestamp => TemporalCodec.ToDateTime(Read<long>(row)),
        DuckDbType.TimestampTz => TemporalCodec.ToDateTime(Read<long>(row), DateTimeKind.Utc),
        DuckDbType.TimestampS => TemporalCodec.ToDateTime(Read<long>(row) * 1_000_000),
        DuckDbType.TimestampMs => TemporalCodec.ToDateTime(Read<long>(row) * 1_000),
        DuckDbType.TimestampNs => TemporalCodec.FromNanos(Read<long>(row)),
        DuckDbType.TimestampTzNs => DateTime.SpecifyKind(TemporalCodec.FromNanos(Read<long>(row)), DateTimeKind.Utc),
        DuckDbType.Date => TemporalCodec.ToDate(Read<int>(row)).ToDateTime(TimeOnly.MinValue),
        _ => throw new InvalidCastException($"A {Type.SqlName} value is not a date or timestamp."),
    };

    public TimeOnly ReadTime(ulong row) => Type.Id switch
    {
        DuckDbType.Time => TemporalCodec.ToTime(Read<long>(row)),
        DuckDbType.TimeNs => TemporalCodec.ToTime(Read<long>(row) / 1_000),
        DuckDbType.TimeTz => TemporalCodec.ToTimeTz(Read<ulong>(row)).Time,
        _ => throw new InvalidCastException($"A {Type.SqlName} value is not a time of day."),
    };

    public VectorView ListChild() => new(NativeMethods.ListVectorGetChild(_vector), Type.Child!);

    public VectorView ArrayChild() => new(NativeMethods.ArrayVectorGetChild(_vector), Type.Child!);

    public VectorView StructChild(int index, ColumnType type) => new(NativeMethods.StructVectorGetChild(_vector, (ulong)index), type);
}
