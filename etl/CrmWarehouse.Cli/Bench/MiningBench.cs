using CrmWarehouse.Mining.Stage;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench mining`: the whole mining stage on the current warehouse, seconds per step, the size of what it scored,
/// and the load average of the machine (other work on a shared machine slows every step alike).
/// </summary>
internal static class MiningBench
{
    public static BenchReport Report(MiningRun run)
    {
        var report = new BenchReport("mining");
        report.Add("as_of_yyyymmdd", (long)(run.AsOf.Year * 10000 + run.AsOf.Month * 100 + run.AsOf.Day));
        report.Add("customers", (long)run.Headline.GetValueOrDefault("customers"));
        foreach (var (step, seconds) in run.StepSeconds)
        {
            report.AddSeconds(step + "_s", seconds);
        }

        report.Add("load_average_1m", LoadAverage());
        report.AddSeconds("total_s", run.TotalSeconds);
        return report;
    }

    /// <summary>The 1-minute load average from /proc/loadavg (NaN where there is none).</summary>
    internal static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
