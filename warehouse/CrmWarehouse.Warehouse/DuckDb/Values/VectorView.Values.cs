using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Values;

internal readonly unsafe partial struct VectorView
{
    /// <summary>The CLR type <see cref="GetValue"/> returns for a column of <paramref name="type"/>.</summary>
    public static Type ClrType(ColumnType type) => type.Id switch
    {
        DuckDbType.Boolean => typeof(bool),
        DuckDbType.TinyInt => typeof(sbyte),
        DuckDbType.SmallInt => typeof(short),
        DuckDbType.Integer => typeof(int),
        DuckDbType.BigInt => typeof(long),
        DuckDbType.UTinyInt => typeof(byte),
        DuckDbType.USmallInt => typeof(ushort),
        DuckDbType.UInteger => typeof(uint),
        DuckDbType.UBigInt => typeof(ulong),
        DuckDbType.HugeInt => typeof(Int128),
        DuckDbType.UHugeInt => typeof(UInt128),
        DuckDbType.Float => typeof(float),
        DuckDbType.Double => typeof(double),
        DuckDbType.Decimal => typeof(decimal),
        DuckDbType.Blob => typeof(byte[]),
        DuckDbType.Date or DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs
            or DuckDbType.TimestampNs or DuckDbType.TimestampTz or DuckDbType.TimestampTzNs => typeof(DateTime),
        DuckDbType.Time or DuckDbType.TimeNs => typeof(TimeSpan),
        DuckDbType.Interval => typeof(DuckDbInterval),
        DuckDbType.Uuid => typeof(Guid),
        _ => typeof(string),
    };

    /// <summary>The value at <paramref name="row"/> as its CLR type (see <see cref="ClrType"/>); the row must be valid.</summary>
    public object GetValue(ulong row) => Type.Id switch
    {
        DuckDbType.Boolean => Read<byte>(row) != 0,
        DuckDbType.TinyInt => Read<sbyte>(row),
        DuckDbType.SmallInt => Read<short>(row),
        DuckDbType.Integer => Read<int>(row),
        DuckDbType.BigInt => Read<long>(row),
        DuckDbType.UTinyInt => Read<byte>(row),
        DuckDbType.USmallInt => Read<ushort>(row),
        DuckDbType.UInteger => Read<uint>(row),
        DuckDbType.UBigInt => Read<ulong>(row),
        DuckDbType.HugeInt => ReadHugeInt(row),
        DuckDbType.UHugeInt => ReadUHugeInt(row),
        DuckDbType.Float => Read<float>(row),
        DuckDbType.Double => Read<double>(row),
        DuckDbType.Decimal => ReadDecimal(row),
        DuckDbType.Varchar => ReadString(row),
        DuckDbType.Blob => ReadBytesSpan(row).ToArray(),
        DuckDbType.Enum => ReadEnum(row),
        DuckDbType.Date or DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs
            or DuckDbType.TimestampNs or DuckDbType.TimestampTz or DuckDbType.TimestampTzNs => ReadTimestamp(row),
        DuckDbType.Time or DuckDbType.TimeNs => ReadTime(row).ToTimeSpan(),
        DuckDbType.Interval => ReadInterval(row),
        DuckDbType.Uuid => NumericCodec.ToGuid(ReadHugeInt(row)),
        _ => ValueText.Format(this, row),
    };
}
