using System.Globalization;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The process's resident memory (VmRSS in /proc/self/status, Linux) sampled every 50 ms on its own thread, the
/// highest sample kept per stage: which stage needs the memory is what tells a bigger bank's cost.
/// </summary>
internal sealed class RssSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<string, long> _peakBytes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private string _stage;

    public RssSampler(string firstStage)
    {
        _stage = firstStage;
        _thread = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    /// <summary>The stage the samples from now on count for.</summary>
    public string Stage
    {
        set
        {
            Record();
            lock (_gate)
            {
                _stage = value;
            }
        }
    }

    /// <summary>Peak resident bytes per stage, as sampled.</summary>
    public IReadOnlyDictionary<string, long> PeakBytes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_peakBytes, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>VmHWM: the highest resident size of the whole process so far, sampled or not.</summary>
    public static long HighWaterBytes() => Read("VmHWM:");

    /// <summary>VmRSS of another process (a service the bench started), 0 once it has gone.</summary>
    public static long ResidentBytes(int processId) => Read("VmRSS:", $"/proc/{processId}/status");

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        Record();
        _stop.Dispose();
    }

    private void Sample()
    {
        while (!_stop.Token.WaitHandle.WaitOne(Interval))
        {
            Record();
        }
    }

    private void Record()
    {
        var bytes = Read("VmRSS:");
        lock (_gate)
        {
            _peakBytes[_stage] = Math.Max(_peakBytes.GetValueOrDefault(_stage), bytes);
        }
    }

    /// <summary>A "Name:   123 kB" line of /proc/self/status (or another process's), in bytes (0 where there is no /proc).</summary>
    private static long Read(string field, string status = "/proc/self/status")
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(status);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc here, or the process has just ended.
            return 0;
        }

        foreach (var line in lines)
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
