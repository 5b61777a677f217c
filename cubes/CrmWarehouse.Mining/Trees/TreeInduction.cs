namespace CrmWarehouse.Mining.Trees;

/// <summary>How the split attribute is chosen.</summary>
public enum SplitCriterion
{
    /// <summary>ID3: the largest information gain.</summary>
    InformationGain,

    /// <summary>C4.5: the largest gain ratio among attributes whose gain is at least the average gain.</summary>
    GainRatio,
}

/// <summary>Top-down induction of a decision tree with multiway splits on categorical attributes (ID3 / C4.5).</summary>
public sealed record TreeInduction(SplitCriterion Criterion = SplitCriterion.GainRatio, int MinRowsToSplit = 2, int MaxDepth = 10)
{
    private const double NoGain = 1e-12;

    public DecisionNode Grow(AttributeTable table, IReadOnlyList<int> rows, CancellationToken cancellationToken)
    {
        var available = Enumerable.Range(0, table.Attributes.Count).ToList();
        return Grow(table, rows, available, 0, parentMajority: 0, cancellationToken);
    }

    public DecisionNode Grow(AttributeTable table, CancellationToken cancellationToken) =>
        Grow(table, Enumerable.Range(0, table.Rows.Length).ToArray(), cancellationToken);

    private DecisionNode Grow(AttributeTable table, IReadOnlyList<int> rows, List<int> available, int depth, int parentMajority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var counts = new int[table.Classes.Count];
        foreach (var r in rows)
        {
            counts[table.Target[r]]++;
        }

        var node = new DecisionNode(counts, rows.Count == 0 ? parentMajority : Array.IndexOf(counts, counts.Max()));
        if (rows.Count < MinRowsToSplit || node.Errors == 0 || available.Count == 0 || depth >= MaxDepth)
        {
            return node;
        }

        node.Scores = available.Select(a => InformationGain.Of(table, rows, a)).OrderByDescending(s => s.Gain).ToArray();
        if (Choose(node.Scores) is not { } best)
        {
            return node;
        }

        var partitions = new List<int>[table.Values[best.Attribute].Count];
        for (var v = 0; v < partitions.Length; v++)
        {
            partitions[v] = [];
        }

        foreach (var r in rows)
        {
            partitions[table.Rows[r][best.Attribute]].Add(r);
        }

        var remaining = available.Where(a => a != best.Attribute).ToList();
        node.Split(best.Attribute, partitions.Select(p => Grow(table, p, remaining, depth + 1, node.Majority, cancellationToken)).ToArray());
        return node;
    }

    private InformationGain? Choose(IReadOnlyList<InformationGain> scores)
    {
        var useful = scores.Where(s => s.Gain > NoGain).ToArray();
        if (useful.Length == 0)
        {
            return null;
        }

        if (Criterion == SplitCriterion.InformationGain)
        {
            return useful[0];
        }

        var averageGain = useful.Average(s => s.Gain);
        return useful.Where(s => s.Gain >= averageGain - NoGain).MaxBy(s => s.GainRatio);
    }
}
