using System.Diagnostics;
using System.Globalization;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// Another process's resident memory (VmRSS) and the machine's load average, sampled every second on a thread of its
/// own for as long as the soak runs; what a service's memory does over many loads is its trend, not its peak.
/// </summary>
internal sealed class RssTrend : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly List<(double Minutes, long Bytes, double Load)> _samples = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly int _processId;
    private readonly Stopwatch _clock;

    public RssTrend(int processId, Stopwatch clock)
    {
        (_processId, _clock) = (processId, clock);
        _thread = new Thread(Sample) { IsBackground = true, Name = "rss-trend" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    /// <summary>The figures: first and last sample, peak, mean of the first and last third, least-squares slope per minute.</summary>
    public void Describe(BenchReport report)
    {
        List<(double Minutes, long Bytes, double Load)> samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }

        if (samples.Count < 3)
        {
            report.AddDetail("service rss", $"{samples.Count} samples: too few for a trend");
            return;
        }

        static double Mb(double bytes) => Math.Round(bytes / 1e6, 1);
        var third = samples.Count / 3;
        var (first, last) = (samples.Take(third).Average(s => (double)s.Bytes), samples.TakeLast(third).Average(s => (double)s.Bytes));
        report.Add("rss_first_mb", Mb(samples[0].Bytes));
        report.Add("rss_last_mb", Mb(samples[^1].Bytes));
        report.Add("rss_peak_mb", Mb(samples.Max(s => s.Bytes)));
        report.Add("rss_first_third_mb", Mb(first));
        report.Add("rss_last_third_mb", Mb(last));
        report.Add("rss_slope_mb_per_min", Math.Round(Slope(samples) / 1e6, 2));
        report.Add("load_average_max", samples.Max(s => s.Load));
        report.AddDetail("service rss by minute (mean MB)", string.Join(", ", samples.GroupBy(s => (int)s.Minutes).Select(g => Mb(g.Average(s => (double)s.Bytes)).ToString("0", CultureInfo.InvariantCulture))));
        report.AddDetail("load average by minute (mean)", string.Join(", ", samples.GroupBy(s => (int)s.Minutes).Select(g => g.Average(s => s.Load).ToString("0.0", CultureInfo.InvariantCulture))));
    }

    /// <summary>Bytes per minute, least squares over every sample.</summary>
    private static double Slope(List<(double Minutes, long Bytes, double Load)> samples)
    {
        var (meanX, meanY) = (samples.Average(s => s.Minutes), samples.Average(s => (double)s.Bytes));
        var covariance = samples.Sum(s => (s.Minutes - meanX) * (s.Bytes - meanY));
        var variance = samples.Sum(s => (s.Minutes - meanX) * (s.Minutes - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    private void Sample()
    {
        do
        {
            var bytes = RssSampler.ResidentBytes(_processId);
            if (bytes > 0)
            {
                lock (_gate)
                {
                    _samples.Add((_clock.Elapsed.TotalMinutes, bytes, ScaleBench.LoadAverage()));
                }
            }
        }
        while (!_stop.Token.WaitHandle.WaitOne(Interval));
    }
}
