namespace CrmWarehouse.Mining.Trees;

/// <summary>
/// A node of a decision tree: the class counts of the training rows that reach it, and, unless it is a
/// leaf, the attribute it splits on with one child per value of that attribute. <see cref="Scores"/> keeps
/// the information gain of every attribute considered here, for reporting.
/// </summary>
public sealed class DecisionNode
{
    public DecisionNode(int[] classCounts, int majority)
    {
        ClassCounts = classCounts;
        Majority = majority;
    }

    public int[] ClassCounts { get; }

    /// <summary>The predicted class (for a node without rows: the parent's).</summary>
    public int Majority { get; }

    public int Rows => ClassCounts.Sum();

    /// <summary>Rows that are not of the majority class.</summary>
    public int Errors => Rows - ClassCounts[Majority];

    public int? SplitAttribute { get; private set; }

    public IReadOnlyList<DecisionNode> Children { get; private set; } = [];

    public IReadOnlyList<InformationGain> Scores { get; internal set; } = [];

    public bool IsLeaf => SplitAttribute is null;

    internal void Split(int attribute, IReadOnlyList<DecisionNode> children)
    {
        SplitAttribute = attribute;
        Children = children;
    }

    /// <summary>Turns the node into a leaf (pruning); its scores stay for the report.</summary>
    internal void MakeLeaf()
    {
        SplitAttribute = null;
        Children = [];
    }

    public IEnumerable<DecisionNode> DepthFirst()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var node in child.DepthFirst())
            {
                yield return node;
            }
        }
    }

    public int Classify(int[] row)
    {
        var node = this;
        while (node.SplitAttribute is { } a)
        {
            node = node.Children[row[a]];
        }

        return node.Majority;
    }
}
