using System.Globalization;

namespace CrmWarehouse.Etl.Batch;

/// <summary>An as-of date no batch may load: not closed yet, or beyond what the sources hold.</summary>
internal sealed class AsOfRefusedException(string message) : InvalidOperationException(message);

/// <summary>
/// Chooses a batch's business date once (DESIGN §2). By default the last closed day in the bank's time zone, or the
/// sources' own business date when they say it and it is earlier (the generated bank does; a core banking system's
/// end-of-day date would). A date later than either is refused: loading it would read rows dated up to that day and
/// move the watermarks past rows the sources have not sent yet, which a later night would then skip.
/// </summary>
public sealed class AsOfPolicy(TimeProvider clock, TimeZoneInfo bankTimeZone, DateOnly? sourcesBusinessDate)
{
    /// <summary>Yesterday in the bank's time zone: the latest day that has ended there.</summary>
    public DateOnly LastClosedDay => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), bankTimeZone).DateTime).AddDays(-1);

    /// <summary>The business date to load: <paramref name="requested"/> when it may be loaded, else the default.</summary>
    public DateOnly Choose(DateOnly? requested)
    {
        var closed = LastClosedDay;
        if (requested is not { } day)
        {
            return sourcesBusinessDate is { } sources && sources < closed ? sources : closed;
        }

        if (day > closed)
        {
            throw new AsOfRefusedException(
                $"As-of {Text(day)} has not closed yet: in {bankTimeZone.Id} the latest closed business day is {Text(closed)}. Load as of {Text(closed)} or earlier.");
        }

        if (sourcesBusinessDate is { } latest && day > latest)
        {
            throw new AsOfRefusedException(
                $"As-of {Text(day)} is after the sources' business date {Text(latest)}: rows of the days between are not there yet, and the watermarks would pass them. Load as of {Text(latest)} or earlier.");
        }

        return day;
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
