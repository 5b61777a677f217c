using System.Globalization;
using CrmWarehouse.Serving.PgWire.Protocol;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>PostgreSQL's binary date/time values count from 2000-01-01 (days for date, microseconds for the others).</summary>
internal static class PgEpoch
{
    public static readonly DateOnly Date = new(2000, 1, 1);
    public static readonly long Ticks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>The fraction of a second as PostgreSQL prints it: microseconds, trailing zeros dropped, nothing when zero.</summary>
    public static string Fraction(long ticks)
    {
        var micros = ticks % TimeSpan.TicksPerSecond / 10;
        return micros == 0 ? string.Empty : "." + micros.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}

internal sealed class DateEncoder : ValueEncoder<DateOnly>
{
    protected override void Text(DateOnly value, PgWriter writer)
    {
        value.Deconstruct(out var year, out var month, out var day);
        IsoText.WriteDate(year, month, day, writer);
    }

    protected override void Binary(DateOnly value, PgWriter writer) => writer.WriteInt32(value.DayNumber - PgEpoch.Date.DayNumber);

    protected override DateOnly Convert(object value) => value switch
    {
        DateOnly day => day,
        DateTime moment => DateOnly.FromDateTime(moment),
        DuckDBDateOnly duck => (DateOnly)duck,
        _ => base.Convert(value),
    };
}

internal sealed class TimeEncoder : ValueEncoder<TimeOnly>
{
    protected override void Text(TimeOnly value, PgWriter writer)
    {
        IsoText.WriteTime(value.Hour, value.Minute, value.Second, writer);
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            writer.WriteText(PgEpoch.Fraction(value.Ticks));
        }
    }

    protected override void Binary(TimeOnly value, PgWriter writer) => writer.WriteInt64(value.Ticks / 10);

    protected override TimeOnly Convert(object value) => value switch
    {
        TimeOnly time => time,
        TimeSpan span => TimeOnly.FromTimeSpan(span),
        DateTime moment => TimeOnly.FromDateTime(moment),
        DuckDBTimeOnly duck => (TimeOnly)duck,
        _ => base.Convert(value),
    };
}

/// <summary>TIMESTAMP (any precision) as timestamp without time zone.</summary>
internal sealed class TimestampEncoder : ValueEncoder<DateTime>
{
    protected override void Text(DateTime value, PgWriter writer)
    {
        value.Deconstruct(out var year, out var month, out var day);
        IsoText.WriteDate(year, month, day, writer);
        writer.WriteByte((byte)' ');
        IsoText.WriteTime(value.Hour, value.Minute, value.Second, writer);
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            writer.WriteText(PgEpoch.Fraction(value.Ticks));
        }
    }

    protected override void Binary(DateTime value, PgWriter writer) => writer.WriteInt64((value.Ticks - PgEpoch.Ticks) / 10);

    protected override DateTime Convert(object value) => value is DateTimeOffset offset ? offset.UtcDateTime : base.Convert(value);
}

/// <summary>TIMESTAMPTZ: DuckDB keeps the instant in UTC; sent in UTC with its +00 offset.</summary>
internal sealed class TimestampTzEncoder : ValueEncoder<DateTime>
{
    private static readonly TimestampEncoder Local = new();

    protected override void Text(DateTime value, PgWriter writer)
    {
        Local.WriteText(value, writer);
        writer.WriteText("+00");
    }

    protected override void Binary(DateTime value, PgWriter writer) => writer.WriteInt64((value.Ticks - PgEpoch.Ticks) / 10);

    protected override DateTime Convert(object value) => value is DateTimeOffset offset ? offset.UtcDateTime : base.Convert(value);
}

/// <summary>INTERVAL keeps months, days and microseconds apart, as PostgreSQL does; binary is int64 µs, int32 days, int32 months.</summary>
internal sealed class IntervalEncoder : ValueEncoder<DuckDBInterval>
{
    protected override void Text(DuckDBInterval value, PgWriter writer) => writer.WriteText(Format(value.Months, value.Days, (long)value.Micros));

    protected override void Binary(DuckDBInterval value, PgWriter writer)
    {
        writer.WriteInt64((long)value.Micros);
        writer.WriteInt32(value.Days);
        writer.WriteInt32(value.Months);
    }

    protected override DuckDBInterval Convert(object value) => value switch
    {
        DuckDBInterval interval => interval,
        TimeSpan span => new DuckDBInterval(0, span.Days, (ulong)(span.Ticks % TimeSpan.TicksPerDay / 10)),
        _ => base.Convert(value),
    };

    /// <summary>PostgreSQL's IntervalStyle 'postgres': "1 year 2 mons 3 days 04:05:06.5".</summary>
    public static string Format(int months, int days, long micros)
    {
        var parts = new List<string>(4);
        Add(parts, months / 12, "year");
        Add(parts, months % 12, "mon");
        Add(parts, days, "day");
        if (micros != 0 || parts.Count == 0)
        {
            var sign = micros < 0 ? "-" : string.Empty;
            var total = Math.Abs(micros);
            var seconds = total / 1_000_000;
            var time = string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
            parts.Add(time + PgEpoch.Fraction(total % 1_000_000 * 10));
        }

        return string.Join(' ', parts);

        static void Add(List<string> parts, int count, string unit)
        {
            if (count != 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(Math.Abs(count) == 1 ? string.Empty : "s")}"));
            }
        }
    }
}
