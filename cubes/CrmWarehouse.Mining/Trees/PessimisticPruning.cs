using MathNet.Numerics.Distributions;

namespace CrmWarehouse.Mining.Trees;

/// <summary>
/// C4.5's error-based pruning (subtree replacement): a node's errors are estimated by the upper limit of the
/// binomial confidence interval at confidence factor CF (default 0.25, Quinlan 1993); a subtree whose
/// estimate is not smaller than that of a single leaf in its place becomes that leaf. Bottom-up.
/// </summary>
public sealed record PessimisticPruning(double ConfidenceFactor = 0.25)
{
    /// <summary>Weka's tolerance: keep a subtree only when it is clearly better than a leaf.</summary>
    private const double Tolerance = 0.1;

    /// <returns>How many subtrees were replaced by leaves.</returns>
    public int Prune(DecisionNode node)
    {
        if (node.IsLeaf)
        {
            return 0;
        }

        var pruned = node.Children.Sum(Prune);
        if (LeafEstimate(node) <= SubtreeEstimate(node) + Tolerance)
        {
            node.MakeLeaf();
            pruned++;
        }

        return pruned;
    }

    public double LeafEstimate(DecisionNode node) => node.Errors + ExtraErrors(node.Rows, node.Errors);

    public double SubtreeEstimate(DecisionNode node) =>
        node.IsLeaf ? LeafEstimate(node) : node.Children.Sum(SubtreeEstimate);

    /// <summary>The pessimistic extra errors for <paramref name="errors"/> out of <paramref name="rows"/> (as Weka's Stats.addErrs).</summary>
    public double ExtraErrors(double rows, double errors)
    {
        if (rows == 0)
        {
            return 0;
        }

        if (errors < 1)
        {
            // Interpolate between the exact bound for no errors and the normal approximation at one error.
            var none = rows * (1 - Math.Pow(ConfidenceFactor, 1 / rows));
            return errors == 0 ? none : none + errors * (ExtraErrors(rows, 1) - none);
        }

        if (errors + 0.5 >= rows)
        {
            return Math.Max(rows - errors, 0);
        }

        var z = Normal.InvCDF(0, 1, 1 - ConfidenceFactor);
        var f = (errors + 0.5) / rows;
        var upper = (f + z * z / (2 * rows) + z * Math.Sqrt(f / rows - f * f / rows + z * z / (4 * rows * rows))) / (1 + z * z / rows);
        return upper * rows - errors;
    }
}
