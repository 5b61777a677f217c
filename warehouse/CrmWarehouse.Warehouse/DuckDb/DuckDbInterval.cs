using System.Globalization;
using System.Text;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// DuckDB's INTERVAL: months, days and microseconds kept apart, because a month has no fixed length.
/// Converts to <see cref="TimeSpan"/> only when it has no months.
/// </summary>
public readonly record struct DuckDbInterval(int Months, int Days, long Micros)
{
    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerHour = 3_600 * MicrosPerSecond;

    public static DuckDbInterval FromTimeSpan(TimeSpan span)
    {
        var days = span.Days;
        var micros = (span - TimeSpan.FromDays(days)).Ticks / TimeSpan.TicksPerMicrosecond;
        return new DuckDbInterval(0, days, micros);
    }

    public TimeSpan ToTimeSpan() => Months != 0
        ? throw new InvalidCastException($"The interval {this} has months, whose length varies; it has no TimeSpan equivalent.")
        : TimeSpan.FromDays(Days) + TimeSpan.FromTicks(Micros * TimeSpan.TicksPerMicrosecond);

    /// <summary>DuckDB's own text form, e.g. "1 year 2 months 3 days 04:05:06.5".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var years = Months / 12;
        var months = Months % 12;
        Part(text, years, "year");
        Part(text, months, "month");
        Part(text, Days, "day");
        if (Micros != 0 || text.Length == 0)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var micros = Micros;
            if (micros < 0)
            {
                text.Append('-');
                micros = -micros;
            }

            var hours = micros / MicrosPerHour;
            var minutes = micros / (60 * MicrosPerSecond) % 60;
            var seconds = micros / MicrosPerSecond % 60;
            var fraction = micros % MicrosPerSecond;
            text.Append(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}");
            if (fraction != 0)
            {
                text.Append('.').Append(fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
        }

        return text.ToString();
    }

    private static void Part(StringBuilder text, int value, string unit)
    {
        if (value == 0)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(CultureInfo.InvariantCulture, $"{value} {unit}{(Math.Abs(value) == 1 ? string.Empty : "s")}");
    }
}
