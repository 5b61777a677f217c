using System.Data;
using System.Text;
using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Values;

/// <summary>Turns a .NET parameter value into a DuckDB value of the matching SQL type.</summary>
internal static unsafe class ParameterValues
{
    public static ValueHandle Create(object? value, DbType? dbType) => new(value switch
    {
        null or DBNull => NativeMethods.CreateNullValue(),
        bool v => NativeMethods.CreateBool(v),
        sbyte v => NativeMethods.CreateInt8(v),
        byte v => NativeMethods.CreateUInt8(v),
        short v => NativeMethods.CreateInt16(v),
        ushort v => NativeMethods.CreateUInt16(v),
        int v => NativeMethods.CreateInt32(v),
        uint v => NativeMethods.CreateUInt32(v),
        long v => NativeMethods.CreateInt64(v),
        ulong v => NativeMethods.CreateUInt64(v),
        Int128 v => NativeMethods.CreateHugeInt(new DuckDbHugeInt(v)),
        UInt128 v => NativeMethods.CreateUHugeInt(new DuckDbUHugeInt(v)),
        float v => NativeMethods.CreateFloat(v),
        double v => NativeMethods.CreateDouble(v),
        decimal v => CreateDecimal(v),
        string v => CreateVarchar(v),
        char v => CreateVarchar(v.ToString()),
        byte[] v => CreateBlob(v),
        ReadOnlyMemory<byte> v => CreateBlob(v.Span),
        Guid v => NativeMethods.CreateUuid(new DuckDbUHugeInt(NumericCodec.GuidToNumber(v))),
        DateOnly v => NativeMethods.CreateDate(TemporalCodec.FromDate(v)),
        DateTime v when dbType == DbType.Date => NativeMethods.CreateDate(TemporalCodec.FromDate(DateOnly.FromDateTime(v))),
        DateTime v => NativeMethods.CreateTimestamp(TemporalCodec.FromDateTime(v)),
        DateTimeOffset v => NativeMethods.CreateTimestampTz(TemporalCodec.FromDateTimeOffset(v)),
        TimeOnly v => NativeMethods.CreateTime(TemporalCodec.FromTime(v)),
        TimeSpan v when dbType == DbType.Time => NativeMethods.CreateTime(v.Ticks / TimeSpan.TicksPerMicrosecond),
        TimeSpan v => CreateInterval(DuckDbInterval.FromTimeSpan(v)),
        DuckDbInterval v => CreateInterval(v),
        Enum v => NativeMethods.CreateInt64(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException(
            $"A parameter value of type {value.GetType().FullName} cannot be sent to DuckDB; pass a number, string, byte[], Guid, date/time or DuckDbInterval."),
    });

    private static nint CreateDecimal(decimal value)
    {
        var (unscaled, scale) = NumericCodec.FromDecimal(value);
        return NativeMethods.CreateDecimal(new DuckDbDecimalStruct { Width = 38, Scale = scale, Value = new DuckDbHugeInt(unscaled) });
    }

    private static nint CreateVarchar(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* text = bytes)
        {
            return NativeMethods.CreateVarcharLength(text, (ulong)bytes.Length);
        }
    }

    private static nint CreateBlob(ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            return NativeMethods.CreateBlob(data, (ulong)value.Length);
        }
    }

    private static nint CreateInterval(DuckDbInterval value) =>
        NativeMethods.CreateInterval(new DuckDbIntervalStruct { Months = value.Months, Days = value.Days, Micros = value.Micros });
}
