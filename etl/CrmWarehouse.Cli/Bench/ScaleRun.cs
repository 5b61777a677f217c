using System.Diagnostics;
using System.Globalization;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.Batch;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Cli.Bench;

/// <summary>One stage of a measured load: seconds and the highest resident memory sampled while it ran.</summary>
internal sealed record ScaleStage(string Name, double Seconds, long PeakBytes, MemoryPeak? Memory = null);

/// <summary>
/// One load with the mining stage after it, in this process, of the bank in CRMW_HOME (`crmw bench scale --one`, full,
/// or `--one --incremental`, the next day's batch; started by <see cref="ScaleBench"/>): rows extracted, the batch's
/// seconds, and per stage seconds and peak memory.
/// </summary>
internal sealed record ScaleRun(long Rows, double BatchSeconds, long PeakBytes, IReadOnlyList<ScaleStage> Stages, string? MemoryLimit = null)
{
    public double Seconds(string stage) => Stages.FirstOrDefault(s => s.Name == stage)?.Seconds ?? 0;

    public long Peak(string stage) => Stages.FirstOrDefault(s => s.Name == stage)?.PeakBytes ?? 0;

    /// <summary>A load (full, or incremental from the last published batch) with <paramref name="stages"/> and then <paramref name="mining"/>, as the host composes them.</summary>
    public static async Task<ScaleRun> MeasureAsync(EtlOptions options, IReadOnlyList<IBatchStage> stages, IAfterPublish mining, bool full, CancellationToken cancellationToken)
    {
        using var sampler = new RssSampler("extract");
        using var duckDb = new DuckDbMemorySampler(options.WarehouseConnectionString, "extract");
        var timedMining = new TimedMining(mining, sampler, duckDb);
        var runner = new BatchRunner(options, stages, TimeProvider.System, NullLogger<BatchRunner>.Instance, timedMining)
        {
            OnStage = stage => (sampler.Stage, duckDb.Stage) = (stage, stage),
        };
        BatchResult result;
        try
        {
            result = await runner.RunAsync(new BatchRequest(full, "bench"), null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A load that ran out of memory is the case to understand: say where the memory was, stage by stage.
            foreach (var (stage, peak) in duckDb.Peaks)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{stage}: RSS {sampler.PeakBytes.GetValueOrDefault(stage) / 1e6:0} MB, {peak}")).ConfigureAwait(false);
            }

            throw;
        }

        (sampler.Stage, duckDb.Stage) = ("done", "done");
        var seconds = new Dictionary<string, double>(result.StageSeconds, StringComparer.Ordinal) { ["mining"] = timedMining.Seconds };
        var peaks = sampler.PeakBytes;
        var memory = duckDb.Peaks;
        var measured = seconds.Keys.Union(peaks.Keys).Where(s => s != "done")
            .Select(s => new ScaleStage(s, seconds.GetValueOrDefault(s), peaks.GetValueOrDefault(s), memory.GetValueOrDefault(s)))
            .ToList();
        var limit = new DuckDB.NET.Data.DuckDBConnectionStringBuilder { ConnectionString = options.WarehouseConnectionString }.TryGetValue("memory_limit", out var value) ? value?.ToString() : null;
        return new ScaleRun(result.Extracts.Sum(e => e.Rows), result.StageSeconds.Values.Sum(), RssSampler.HighWaterBytes(), measured, limit ?? "DuckDB's default");
    }

    /// <summary>The mining stage after the publish, timed and sampled as a stage of its own.</summary>
    private sealed class TimedMining(IAfterPublish mining, RssSampler sampler, DuckDbMemorySampler duckDb) : IAfterPublish
    {
        public double Seconds { get; private set; }

        public void Run(PublishedBatch batch, CancellationToken cancellationToken)
        {
            (sampler.Stage, duckDb.Stage) = ("mining", "mining");
            var clock = Stopwatch.StartNew();
            mining.Run(batch, cancellationToken);
            Seconds = clock.Elapsed.TotalSeconds;
        }
    }
}
