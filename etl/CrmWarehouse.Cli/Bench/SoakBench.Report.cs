using System.Globalization;

namespace CrmWarehouse.Cli.Bench;

internal sealed partial class SoakBench
{
    /// <summary>Errors and answers that mixed batches are listed one a line up to this many, then counted.</summary>
    private const int Listed = 100;

    private void Describe(BenchReport report, SoakReaders readers, (double Seconds, int ExitCode, bool WalLeft) stop)
    {
        var answers = readers.Answers.ToList();
        var (mixed, states) = _signatures.Check(answers);
        report.Add("readers", plan.Readers);
        report.Add("loads_completed", _loads.Count(l => l.Completed));
        report.Add("loads_failed", _loads.Count(l => !l.Completed));
        if (_loads.Count > 0)
        {
            var seconds = _loads.Select(l => l.LoadSeconds).ToList();
            report.AddSeconds("load_p50_s", ServeBench.Percentile(seconds, 0.5));
            report.AddSeconds("load_max_s", seconds.Max());
            report.AddSeconds("generate_p50_s", ServeBench.Percentile([.. _loads.Select(l => l.GenerateSeconds)], 0.5));
            report.Add("rss_after_first_load_mb", Math.Round(_loads[0].RssAfterBytes / 1e6, 1));
            report.Add("rss_after_last_load_mb", Math.Round(_loads[^1].RssAfterBytes / 1e6, 1));
        }

        report.Add("answers", answers.Count);
        report.Add("errors", _errors.Count);
        report.Add("mixed_answers", mixed.Count);
        report.Add("batches_seen", states);
        foreach (var door in SoakDoor.All)
        {
            var times = answers.Where(a => a.Door == door).Select(a => a.Milliseconds).ToList();
            var name = door.Replace('-', '_');
            report.Add($"{name}_answers", times.Count);
            if (times.Count > 0)
            {
                report.Add($"{name}_p50_ms", Math.Round(ServeBench.Percentile(times, 0.5), 1));
                report.Add($"{name}_p95_ms", Math.Round(ServeBench.Percentile(times, 0.95), 1));
            }
        }

        report.AddSeconds("service_stop_s", stop.Seconds);
        report.Add("service_exit_code", stop.ExitCode);
        report.Add("service_wal_left", stop.WalLeft ? 1 : 0);

        foreach (var load in _loads)
        {
            report.AddDetail($"load {load.Number}", load.ToString());
        }

        report.AddDetail("answers per state (0: before the first load)", string.Join(", ", answers
            .Select(_signatures.StateOf).Where(s => s is not null).GroupBy(s => s!.Value).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()}"))));
        List(report, "error", _errors.OrderBy(e => e.At).Select(e => e.ToString()).ToList());
        List(report, "mixed answer", mixed.OrderBy(a => a.At).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.At:hh\\:mm\\:ss\\.f} {a.Door}: {a.Signature}")).ToList());
    }

    private static void List(BenchReport report, string what, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            report.AddDetail($"{what}s", "none");
            return;
        }

        for (var i = 0; i < Math.Min(lines.Count, Listed); i++)
        {
            report.AddDetail(string.Create(CultureInfo.InvariantCulture, $"{what} {i + 1}"), lines[i]);
        }

        if (lines.Count > Listed)
        {
            report.AddDetail($"{what}s not listed", (lines.Count - Listed).ToString(CultureInfo.InvariantCulture));
        }
    }
}
