using System.Diagnostics;

namespace CrmWarehouse.Warehouse.Batch;

/// <summary>
/// Runs the named steps of a batch or a mining run one after another: stops between steps when cancelled, tells
/// <paramref name="starting"/> each name (logs, the CLI's progress), keeps each step's seconds for the audit row and
/// which step was running when one fails, so both the batch and the mining stage record failures the same way.
/// </summary>
public sealed class StepRunner(Action<string>? starting = null)
{
    /// <summary>Seconds per finished step, in the order they ran.</summary>
    public Dictionary<string, double> Seconds { get; } = new(StringComparer.Ordinal);

    /// <summary>The step running now, or the one that failed.</summary>
    public string Current { get; private set; } = "start";

    public void Run(string name, Action<CancellationToken> step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Current = name;
        starting?.Invoke(name);
        var started = Stopwatch.GetTimestamp();
        step(cancellationToken);
        Seconds[name] = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
