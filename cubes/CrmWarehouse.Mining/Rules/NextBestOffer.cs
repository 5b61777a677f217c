namespace CrmWarehouse.Mining.Rules;

/// <summary>An item to offer a basket or customer, with the rule that recommends it.</summary>
public sealed record NextBestOffer(int Item, AssociationRule Because)
{
    /// <summary>
    /// Offers for a basket: items not yet held that some rule with an antecedent wholly inside the basket
    /// predicts, best rule per item, ranked by confidence and then lift.
    /// </summary>
    public static IReadOnlyList<NextBestOffer> For(IReadOnlyCollection<int> held, IReadOnlyList<AssociationRule> rules, int top)
    {
        var holding = held as IReadOnlySet<int> ?? held.ToHashSet();
        var best = new Dictionary<int, AssociationRule>();
        foreach (var rule in rules)
        {
            if (holding.Contains(rule.Consequent) || !Array.TrueForAll(rule.Antecedent, holding.Contains))
            {
                continue;
            }

            if (!best.TryGetValue(rule.Consequent, out var current) || Ranks(rule).CompareTo(Ranks(current)) > 0)
            {
                best[rule.Consequent] = rule;
            }
        }

        return best.Values.OrderByDescending(Ranks).Take(top).Select(r => new NextBestOffer(r.Consequent, r)).ToList();
    }

    private static (double, double) Ranks(AssociationRule rule) => (rule.Confidence, rule.Lift);
}
