using System.Globalization;
using System.Numerics;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed partial class DuckDbDataReader
{
    /// <summary>
    /// Reads a value as <typeparamref name="T"/>: the column's own CLR type, or DateOnly/TimeOnly/DateTimeOffset,
    /// Int128/UInt128, the unsigned integers, TimeSpan, DuckDbInterval, Guid, byte[]; Nullable&lt;T&gt; and reference
    /// types give null for SQL NULL.
    /// </summary>
    public override T GetFieldValue<T>(int ordinal)
    {
        ref readonly var column = ref Column(ordinal);
        if (!column.IsValid((ulong)_row))
        {
            if (typeof(T) == typeof(object))
            {
                return (T)(object)DBNull.Value;
            }

            return default(T) is null ? default! : throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL in this row; read it as {typeof(T).Name}? instead.");
        }

        if (typeof(T) == typeof(long))
        {
            return (T)(object)GetInt64(ordinal);
        }

        if (typeof(T) == typeof(int))
        {
            return (T)(object)GetInt32(ordinal);
        }

        if (typeof(T) == typeof(double))
        {
            return (T)(object)GetDouble(ordinal);
        }

        if (typeof(T) == typeof(string))
        {
            return (T)(object)GetString(ordinal);
        }

        if (typeof(T) == typeof(DateOnly))
        {
            return (T)(object)DateOnly.FromDateTime(GetDateTime(ordinal));
        }

        return (T)ConvertTo(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), ordinal);
    }

    private object ConvertTo(Type target, int ordinal)
    {
        ref readonly var column = ref Valid(ordinal);
        var row = (ulong)_row;
        var type = column.Type;
        if (target == typeof(object) || target == VectorView.ClrType(type))
        {
            return column.GetValue(row);
        }

        return target switch
        {
            _ when target == typeof(DateOnly) => DateOnly.FromDateTime(GetDateTime(ordinal)),
            _ when target == typeof(DateTime) => GetDateTime(ordinal),
            _ when target == typeof(DateTimeOffset) => ToDateTimeOffset(column, row),
            _ when target == typeof(TimeOnly) => column.ReadTime(row),
            _ when target == typeof(TimeSpan) => type.Id == DuckDbType.Interval ? column.ReadInterval(row).ToTimeSpan() : column.ReadTime(row).ToTimeSpan(),
            _ when target == typeof(Int128) => GetInteger(ordinal),
            _ when target == typeof(BigInteger) => type.Id == DuckDbType.UHugeInt ? (BigInteger)column.ReadUHugeInt(row) : (BigInteger)GetInteger(ordinal),
            _ when target == typeof(UInt128) => type.Id == DuckDbType.UHugeInt ? column.ReadUHugeInt(row) : checked((UInt128)GetInteger(ordinal)),
            _ when target == typeof(sbyte) => checked((sbyte)GetInteger(ordinal)),
            _ when target == typeof(byte) => checked((byte)GetInteger(ordinal)),
            _ when target == typeof(short) => checked((short)GetInteger(ordinal)),
            _ when target == typeof(ushort) => checked((ushort)GetInteger(ordinal)),
            _ when target == typeof(uint) => checked((uint)GetInteger(ordinal)),
            _ when target == typeof(ulong) => checked((ulong)GetInteger(ordinal)),
            _ when target == typeof(float) => GetFloat(ordinal),
            _ when target == typeof(decimal) => GetDecimal(ordinal),
            _ when target == typeof(bool) => GetBoolean(ordinal),
            _ when target == typeof(Guid) => GetGuid(ordinal),
            _ when target == typeof(byte[]) => column.ReadBytesSpan(row).ToArray(),
            _ when target == typeof(char) => GetChar(ordinal),
            _ when target.IsEnum => ToEnum(target, ordinal),
            _ => Convert.ChangeType(column.GetValue(row), target, CultureInfo.InvariantCulture),
        };
    }

    private static DateTimeOffset ToDateTimeOffset(in VectorView column, ulong row)
    {
        if (column.Type.Id == DuckDbType.TimeTz)
        {
            var (time, offset) = TemporalCodec.ToTimeTz(column.Read<ulong>(row));
            return new DateTimeOffset(DateOnly.MinValue.ToDateTime(time), offset);
        }

        var value = column.ReadTimestamp(row);
        return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }

    private object ToEnum(Type target, int ordinal) =>
        Column(ordinal).Type.Id is DuckDbType.Varchar or DuckDbType.Enum
            ? Enum.Parse(target, GetString(ordinal), ignoreCase: true)
            : Enum.ToObject(target, (long)GetInteger(ordinal));
}
