namespace CrmWarehouse.Warehouse.DuckDb.Values;

/// <summary>DuckDB's date/time storage (days and microseconds from the Unix epoch) to and from .NET types.</summary>
internal static class TemporalCodec
{
    /// <summary>DateOnly.DayNumber of 1970-01-01.</summary>
    private const int EpochDayNumber = 719_162;

    /// <summary>DuckDB's +infinity / -infinity DATE.</summary>
    private const int DateInfinity = int.MaxValue;

    /// <summary>DuckDB's +infinity / -infinity TIMESTAMP.</summary>
    private const long TimestampInfinity = long.MaxValue;

    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static DateOnly ToDate(int days) => days switch
    {
        DateInfinity => DateOnly.MaxValue,
        -DateInfinity => DateOnly.MinValue,
        _ => DateOnly.FromDayNumber(days + EpochDayNumber),
    };

    public static int FromDate(DateOnly date) => date.DayNumber - EpochDayNumber;

    public static DateTime ToDateTime(long micros, DateTimeKind kind = DateTimeKind.Unspecified) => micros switch
    {
        TimestampInfinity => DateTime.MaxValue,
        -TimestampInfinity => DateTime.MinValue,
        _ => new DateTime(EpochTicks + (micros * TimeSpan.TicksPerMicrosecond), kind),
    };

    public static long FromDateTime(DateTime value) => (value.Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond;

    public static long FromDateTimeOffset(DateTimeOffset value) => FromDateTime(value.UtcDateTime);

    public static DateTime FromNanos(long nanos) => new(EpochTicks + (nanos / 100), DateTimeKind.Unspecified);

    public static TimeOnly ToTime(long micros) =>
        micros >= TimeSpan.TicksPerDay / TimeSpan.TicksPerMicrosecond
            ? TimeOnly.MaxValue // DuckDB allows 24:00:00; TimeOnly stops just before it.
            : new TimeOnly(micros * TimeSpan.TicksPerMicrosecond);

    public static long FromTime(TimeOnly time) => time.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// TIME WITH TIME ZONE packs microseconds in the upper 40 bits and the offset in the lower 24,
    /// stored as (max offset − offset seconds) so that the packed values sort by time.
    /// </summary>
    public static (TimeOnly Time, TimeSpan Offset) ToTimeTz(ulong bits)
    {
        const int MaxOffsetSeconds = (16 * 60 * 60) - 1;
        var micros = (long)(bits >> 24);
        var offsetSeconds = MaxOffsetSeconds - (int)(bits & 0xFF_FFFF);
        return (ToTime(micros), TimeSpan.FromSeconds(offsetSeconds));
    }
}
