using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>
/// Dates and times in PostgreSQL's ISO text (2026-03-15, 13:14:15), written digit by digit: a .NET custom format
/// string is parsed again for every value, and date columns are on the hot path of every text result and COPY.
/// </summary>
internal static class IsoText
{
    /// <summary>yyyy-MM-dd: ten bytes.</summary>
    public static void WriteDate(int year, int month, int day, PgWriter writer)
    {
        var span = writer.GetSpan(10);
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], day, 2);
        writer.Advance(10);
    }

    /// <summary>HH:mm:ss: eight bytes.</summary>
    public static void WriteTime(int hour, int minute, int second, PgWriter writer)
    {
        var span = writer.GetSpan(8);
        Digits(span, hour, 2);
        span[2] = (byte)':';
        Digits(span[3..], minute, 2);
        span[5] = (byte)':';
        Digits(span[6..], second, 2);
        writer.Advance(8);
    }

    private static void Digits(Span<byte> span, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
