namespace CrmWarehouse.Mining.Trees;

/// <summary>One IF-THEN rule: the conditions on the path from the root to a leaf and the leaf's class.</summary>
public sealed record TreeRule(IReadOnlyList<(string Attribute, string Value)> Conditions, string Class, int Rows, int Correct)
{
    public double Accuracy => Rows == 0 ? 0 : (double)Correct / Rows;

    /// <summary>Every leaf that training rows reach, as a rule (leaves without rows say nothing and are left out).</summary>
    public static IReadOnlyList<TreeRule> From(DecisionNode root, AttributeTable table)
    {
        var rules = new List<TreeRule>();
        Walk(root, [], table, rules);
        return rules;
    }

    /// <summary>The internal nodes with the path that leads to each, in depth-first order.</summary>
    public static IReadOnlyList<(string Path, DecisionNode Node)> SplitNodes(DecisionNode root, AttributeTable table)
    {
        var found = new List<(string, DecisionNode)>();
        void Visit(DecisionNode node, string path)
        {
            if (node.SplitAttribute is { } a)
            {
                found.Add((path, node));
                for (var v = 0; v < node.Children.Count; v++)
                {
                    var step = $"{table.Attributes[a]} = {table.Values[a][v]}";
                    Visit(node.Children[v], path.Length == 0 ? step : $"{path} AND {step}");
                }
            }
        }

        Visit(root, string.Empty);
        return found;
    }

    public override string ToString() =>
        (Conditions.Count == 0 ? "IF (always)" : "IF " + string.Join(" AND ", Conditions.Select(c => $"{c.Attribute} = {c.Value}")))
        + $" THEN {Class}";

    private static void Walk(DecisionNode node, List<(string, string)> path, AttributeTable table, List<TreeRule> rules)
    {
        if (node.SplitAttribute is not { } a)
        {
            if (node.Rows > 0)
            {
                rules.Add(new TreeRule([.. path], table.Classes[node.Majority], node.Rows, node.ClassCounts[node.Majority]));
            }

            return;
        }

        for (var v = 0; v < node.Children.Count; v++)
        {
            path.Add((table.Attributes[a], table.Values[a][v]));
            Walk(node.Children[v], path, table, rules);
            path.RemoveAt(path.Count - 1);
        }
    }
}
