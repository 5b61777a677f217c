namespace CrmWarehouse.Bank.Generate;

/// <summary>When a bank is busy: month ends and the weeks around the Spring Festival.</summary>
internal static class Calendar
{
    // Lunar new year's day (Gregorian) for the years a generated history can span.
    private static readonly DateOnly[] SpringFestivals =
    [
        new(2020, 1, 25), new(2021, 2, 12), new(2022, 2, 1), new(2023, 1, 22), new(2024, 2, 10),
        new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6), new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3),
    ];

    /// <summary>Relative activity of a day: 1 normally, higher in the last days of a month and before the festival.</summary>
    public static double DayWeight(DateOnly day)
    {
        var weight = 1.0;
        var daysInMonth = DateTime.DaysInMonth(day.Year, day.Month);
        if (day.Day > daysInMonth - 3)
        {
            weight *= 1.8;
        }
        foreach (var festival in SpringFestivals)
        {
            var offset = day.DayNumber - festival.DayNumber;
            if (offset is >= -14 and <= 3)
            {
                weight *= 2.2;
            }
        }
        return weight;
    }

    public static bool IsSpringFestivalMonth(int year, int month) =>
        SpringFestivals.Any(f => (f.Year == year && f.Month == month) || (f.AddDays(-14).Year == year && f.AddDays(-14).Month == month));

    public static DateOnly MonthEnd(DateOnly monthStart) => monthStart.AddMonths(1).AddDays(-1);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, double[]> CumulativeWeights = new();

    /// <summary>Picks a day in the month (not after <paramref name="lastAllowed"/>), weighted by <see cref="DayWeight"/>.</summary>
    public static DateOnly PickDay(Random random, DateOnly monthStart, DateOnly lastAllowed)
    {
        var cumulative = CumulativeWeights.GetOrAdd(monthStart, static start =>
        {
            var days = MonthEnd(start).DayNumber - start.DayNumber + 1;
            var sums = new double[days];
            var total = 0.0;
            for (var i = 0; i < days; i++)
            {
                total += DayWeight(start.AddDays(i));
                sums[i] = total;
            }
            return sums;
        });
        var allowed = Math.Min(cumulative.Length, lastAllowed.DayNumber - monthStart.DayNumber + 1);
        if (allowed <= 0)
        {
            return monthStart;
        }
        var x = random.NextDouble() * cumulative[allowed - 1];
        var index = Array.BinarySearch(cumulative, 0, allowed, x);
        return monthStart.AddDays(Math.Min(index < 0 ? ~index : index, allowed - 1));
    }
}
