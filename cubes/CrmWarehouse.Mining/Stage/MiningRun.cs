namespace CrmWarehouse.Mining.Stage;

/// <summary>What one run of the mining stage did: the as-of date, seconds per step and the headline figures.</summary>
public sealed record MiningRun(long RunId, DateOnly AsOf, IReadOnlyDictionary<string, double> StepSeconds, IReadOnlyDictionary<string, double> Headline)
{
    public double TotalSeconds => StepSeconds.Values.Sum();
}

/// <summary>The mining stage failed; the marts and the customer dimension are as they were before the run.</summary>
public sealed class MiningFailedException(string message, Exception inner) : InvalidOperationException(message, inner);
