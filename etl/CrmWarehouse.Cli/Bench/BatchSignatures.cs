namespace CrmWarehouse.Cli.Bench;

/// <summary>One answer a soak reader got: when (since the soak began), through which door, its signature and latency.</summary>
internal sealed record SoakAnswer(TimeSpan At, string Door, string Signature, double Milliseconds);

/// <summary>
/// The signature of each question (<see cref="SoakQueries"/>) per state the warehouse was in: recorded before the
/// first load and after each load ended, when nothing writes. An answer came from one whole batch when its signature
/// is one of its question's recorded ones (which state it was is then known); any other answer mixed states.
/// </summary>
internal sealed class BatchSignatures
{
    private readonly Dictionary<(string Kind, string Signature), int> _states = [];
    private readonly Lock _gate = new();

    /// <summary>Records that after load <paramref name="load"/> (0: before the first) <paramref name="kind"/> answers <paramref name="signature"/>.
    /// A load that changed nothing keeps the earlier state's number.</summary>
    public void Expect(string kind, string signature, int load)
    {
        lock (_gate)
        {
            _states.TryAdd((kind, signature), load);
        }
    }

    /// <summary>The state (0 before the first load, n after load n) whose whole batch gives this answer, or null: mixed.</summary>
    public int? StateOf(SoakAnswer answer)
    {
        lock (_gate)
        {
            return _states.TryGetValue((SoakQueries.Kind(answer.Door), answer.Signature), out var load) ? load : null;
        }
    }

    /// <summary>The answers that match no recorded state, and the number of distinct states the others came from.</summary>
    public (IReadOnlyList<SoakAnswer> Mixed, int StatesSeen) Check(IEnumerable<SoakAnswer> answers)
    {
        var mixed = new List<SoakAnswer>();
        var seen = new HashSet<int>();
        foreach (var answer in answers)
        {
            if (StateOf(answer) is { } state)
            {
                seen.Add(state);
            }
            else
            {
                mixed.Add(answer);
            }
        }

        return (mixed, seen.Count);
    }
}
