using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench scale`: how a full load's cost grows with the bank. For each scale, a bank with embedded sources
/// (SQLite + CSV, no servers) is generated into its own folder (kept and reused by the next run), then one full
/// load with the mining stage after it runs in a fresh `crmw` process with that folder as its home, so that every
/// scale's memory is its own; that process reports seconds and peak resident memory per stage
/// (<see cref="ScaleRun"/>). The report puts the scales side by side with the growth ratio between neighbours.
/// With <c>incremental</c>, each scale's bank is then advanced one day and that day's incremental load (from the full
/// load just published) is measured the same way: what a nightly run costs at that size.
/// </summary>
internal sealed class ScaleBench(IReadOnlyList<double> scales, bool incremental, string configDirectory, string scratch, IProgress<string> progress)
{
    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BenchReport("scale");
        report.Add("load_average_start", LoadAverage());
        var runs = new List<(double Scale, ScaleRun Run)>();
        var days = new List<(double Scale, ScaleRun Run)>();
        foreach (var scale in scales)
        {
            var home = Path.Combine(scratch, "bench-scale", "s" + scale.ToString(CultureInfo.InvariantCulture));
            CopyDirectory(configDirectory, Path.Combine(home, "config"));
            await GenerateAsync(home, scale, cancellationToken).ConfigureAwait(false);
            var data = Path.Combine(home, "data");
            foreach (var file in Directory.EnumerateFileSystemEntries(data, "warehouse.duckdb*"))
            {
                if (Directory.Exists(file))
                {
                    Directory.Delete(file, recursive: true);
                }
                else
                {
                    File.Delete(file);
                }
            }

            var run = await MeasureAsync(home, scale, "full load", ["bench", "scale", "--one"], cancellationToken).ConfigureAwait(false);
            runs.Add((scale, run));
            if (incremental)
            {
                progress.Report($"scale {scale}: advancing the bank one day");
                await Crmw(home, ["generate", "--advance", "1d", "--out", Path.Combine(data, "sources")], cancellationToken).ConfigureAwait(false);
                days.Add((scale, await MeasureAsync(home, scale, "incremental day", ["bench", "scale", "--one", "--incremental"], cancellationToken).ConfigureAwait(false)));
            }
        }

        report.Add("load_average_end", LoadAverage());
        Describe(report, runs, string.Empty);
        if (days.Count > 0)
        {
            Describe(report, days, "day ");
        }

        return report;
    }

    private async Task<ScaleRun> MeasureAsync(string home, double scale, string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        progress.Report($"scale {scale}: {what} and mining in a fresh process");
        var output = await Crmw(home, arguments, cancellationToken).ConfigureAwait(false);
        var run = JsonSerializer.Deserialize<ScaleRun>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException($"bench scale: the {what} at scale {scale} reported nothing.");
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"scale {scale}, {what}: batch {run.BatchSeconds:0.0} s, mining {run.Seconds("mining"):0.0} s, peak RSS {run.PeakBytes / 1e9:0.00} GB"));
        return run;
    }

    /// <summary>The runs side by side, stage by stage; <paramref name="prefix"/> ("day ") names an incremental day's lines and figures.</summary>
    private static void Describe(BenchReport report, List<(double Scale, ScaleRun Run)> runs, string prefix)
    {
        var stages = runs.SelectMany(r => r.Run.Stages.Select(s => s.Name)).Distinct(StringComparer.Ordinal).ToList();
        report.AddDetail(prefix + "stage \\ scale", string.Join("  |  ", runs.Select(r => $"{r.Scale,19}")) + "  growth seconds/×memory");
        foreach (var stage in stages)
        {
            var cells = runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Run.Seconds(stage),7:0.00} s {r.Run.Peak(stage) / 1e6,6:0} MB"));
            report.AddDetail(prefix + stage, string.Join("  |  ", cells) + Growth(runs, r => r.Seconds(stage), r => r.Peak(stage)));
        }

        // Where each stage's peak went: what DuckDB's buffer pool held (and its largest tags), what it had spilled, the
        // .NET heap. RSS well above the pool plus the heap is native memory DuckDB does not account for.
        foreach (var stage in stages)
        {
            var cells = runs.Select(r => r.Run.Stages.FirstOrDefault(s => s.Name == stage)?.Memory?.ToString() ?? "-");
            report.AddDetail($"{prefix}{stage} memory", string.Join("  |  ", cells));
        }

        report.AddDetail(prefix + "memory limit", string.Join("  |  ", runs.Select(r => r.Run.MemoryLimit ?? "?")));
        report.AddDetail(prefix + "rows extracted", string.Join("  |  ", runs.Select(r => r.Run.Rows.ToString("N0", CultureInfo.InvariantCulture))) + Growth(runs, r => r.Rows, _ => 0));
        var key = prefix.Length == 0 ? string.Empty : "_day";
        foreach (var (scale, run) in runs)
        {
            var name = "s" + Name(scale) + key;
            report.Add($"{name}_rows", run.Rows);
            report.AddSeconds($"{name}_batch_s", run.BatchSeconds);
            report.AddSeconds($"{name}_mining_s", run.Seconds("mining"));
            report.Add($"{name}_peak_rss_mb", Math.Round(run.PeakBytes / 1e6));
        }

        if (key.Length > 0)
        {
            return;
        }

        for (var i = 1; i < runs.Count; i++)
        {
            var (low, high) = (runs[i - 1], runs[i]);
            var name = $"growth_{Name(low.Scale)}_to_{Name(high.Scale)}";
            report.Add($"{name}_rows", Math.Round((double)high.Run.Rows / low.Run.Rows, 2));
            report.Add($"{name}_batch_s", Math.Round(high.Run.BatchSeconds / low.Run.BatchSeconds, 2));
            report.Add($"{name}_peak_rss", Math.Round((double)high.Run.PeakBytes / low.Run.PeakBytes, 2));
        }
    }

    private static string Name(double scale) => scale.ToString(CultureInfo.InvariantCulture).Replace('.', '_');

    /// <summary>" ×a ×b" seconds (and memory) growth between neighbouring scales.</summary>
    private static string Growth(List<(double Scale, ScaleRun Run)> runs, Func<ScaleRun, double> seconds, Func<ScaleRun, double> bytes)
    {
        var ratios = new List<string>();
        for (var i = 1; i < runs.Count; i++)
        {
            var time = seconds(runs[i - 1].Run) > 0 ? seconds(runs[i].Run) / seconds(runs[i - 1].Run) : double.NaN;
            var memory = bytes(runs[i - 1].Run) > 0 ? bytes(runs[i].Run) / bytes(runs[i - 1].Run) : double.NaN;
            ratios.Add(double.IsNaN(memory) ? string.Create(CultureInfo.InvariantCulture, $"×{time:0.0}") : string.Create(CultureInfo.InvariantCulture, $"×{time:0.0}/×{memory:0.0}"));
        }

        return ratios.Count == 0 ? string.Empty : "  growth " + string.Join(", ", ratios);
    }

    /// <summary>Generates the bank unless the folder already holds this scale's.</summary>
    private async Task GenerateAsync(string home, double scale, CancellationToken cancellationToken)
    {
        var sources = Path.Combine(home, "data", "sources");
        if (File.Exists(GeneratorState.PathIn(sources)))
        {
            var state = await GeneratorState.LoadAsync(sources, cancellationToken).ConfigureAwait(false);
            // A bank advanced by earlier runs with --incremental is reused too: each day adds about 1/700 of its history.
            if (state.Embedded && Math.Abs(state.Settings.Scale - scale) < 1e-9)
            {
                progress.Report($"scale {scale}: reusing the bank in {sources} (history up to {state.CurrentDay:yyyy-MM-dd})");
                return;
            }
        }

        progress.Report($"scale {scale}: generating a bank (embedded sources) in {sources}");
        await Crmw(home, ["generate", "--embedded", "--scale", scale.ToString(CultureInfo.InvariantCulture), "--out", sources], cancellationToken).ConfigureAwait(false);
    }

    private static Task<string> Crmw(string home, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        CrmwProcess.RunOrThrowAsync("bench scale", home, arguments, cancellationToken);

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The machine's 1-minute load average (Linux), to read every time beside.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
}
