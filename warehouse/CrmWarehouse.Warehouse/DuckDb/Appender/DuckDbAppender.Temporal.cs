using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

public sealed unsafe partial class DuckDbAppender
{
    public DuckDbAppender Append(DateOnly value)
    {
        var column = Peek();
        return _types[column].Id == DuckDbType.Date
            ? WriteAndAdvance(TemporalCodec.FromDate(value))
            : AppendTimestamp(column, value.ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>A DateTime: into TIMESTAMP columns as its clock time, into TIMESTAMPTZ as UTC (Unspecified counts as UTC).</summary>
    public DuckDbAppender Append(DateTime value) => AppendTimestamp(Peek(), value);

    public DuckDbAppender Append(DateTimeOffset value)
    {
        var column = Peek();
        return AppendTimestamp(column, _types[column].Id == DuckDbType.TimestampTz ? value.UtcDateTime : value.DateTime);
    }

    public DuckDbAppender Append(TimeOnly value)
    {
        var column = Peek();
        return _types[column].Id == DuckDbType.Time ? WriteAndAdvance(TemporalCodec.FromTime(value)) : throw Mismatch(column, "TimeOnly");
    }

    /// <summary>A TimeSpan: into TIME as a time of day, into INTERVAL as days and microseconds.</summary>
    public DuckDbAppender Append(TimeSpan value)
    {
        var column = Peek();
        return _types[column].Id switch
        {
            DuckDbType.Time => WriteAndAdvance(value.Ticks / TimeSpan.TicksPerMicrosecond),
            DuckDbType.Interval => Append(DuckDbInterval.FromTimeSpan(value)),
            _ => throw Mismatch(column, "TimeSpan"),
        };
    }

    public DuckDbAppender Append(DuckDbInterval value)
    {
        var column = Peek();
        return _types[column].Id == DuckDbType.Interval
            ? WriteAndAdvance(new DuckDbIntervalStruct { Months = value.Months, Days = value.Days, Micros = value.Micros })
            : throw Mismatch(column, "DuckDbInterval");
    }

    private DuckDbAppender AppendTimestamp(int column, DateTime value)
    {
        var micros = value.Kind == DateTimeKind.Local && _types[column].Id == DuckDbType.TimestampTz
            ? TemporalCodec.FromDateTime(value.ToUniversalTime())
            : TemporalCodec.FromDateTime(value);
        return _types[column].Id switch
        {
            DuckDbType.Timestamp or DuckDbType.TimestampTz => WriteAndAdvance(micros),
            DuckDbType.TimestampS => WriteAndAdvance(micros / 1_000_000),
            DuckDbType.TimestampMs => WriteAndAdvance(micros / 1_000),
            DuckDbType.TimestampNs => WriteAndAdvance(checked(micros * 1_000) + (value.Ticks % TimeSpan.TicksPerMicrosecond * 100)),
            DuckDbType.Date => WriteAndAdvance(TemporalCodec.FromDate(DateOnly.FromDateTime(value))),
            _ => throw Mismatch(column, "DateTime"),
        };
    }
}
