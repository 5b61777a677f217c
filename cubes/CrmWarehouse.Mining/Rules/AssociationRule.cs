namespace CrmWarehouse.Mining.Rules;

/// <summary>
/// X ⇒ Y with a single-item consequent: support = n(X∪Y)/N, confidence = n(X∪Y)/n(X),
/// lift = confidence / (n(Y)/N). Items are ids into the <see cref="BasketSet"/> the rules came from.
/// </summary>
public sealed record AssociationRule(int[] Antecedent, int Consequent, int Count, double Support, double Confidence, double Lift)
{
    /// <summary>Items on both sides, as arules counts a rule's length.</summary>
    public int Length => Antecedent.Length + 1;

    /// <summary>
    /// Every rule X ⇒ {y} from the frequent itemsets with confidence ≥ <paramref name="minConfidence"/> and
    /// at least <paramref name="minLength"/> items in all (1 admits {} ⇒ {y}, as arules does by default).
    /// </summary>
    public static IReadOnlyList<AssociationRule> FromItemsets(
        IReadOnlyList<FrequentItemset> itemsets, int basketCount, double minConfidence, int minLength, CancellationToken cancellationToken)
    {
        var countOf = new Dictionary<int[], int>(itemsets.Count, ItemsetComparer.Instance);
        var single = new Dictionary<int, int>();
        foreach (var itemset in itemsets)
        {
            countOf[itemset.Items] = itemset.Count;
            if (itemset.Items.Length == 1)
            {
                single[itemset.Items[0]] = itemset.Count;
            }
        }

        var rules = new List<AssociationRule>();
        foreach (var itemset in itemsets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = itemset.Items;
            if (items.Length < minLength)
            {
                continue;
            }

            for (var j = 0; j < items.Length; j++)
            {
                var antecedent = new int[items.Length - 1];
                items.AsSpan(0, j).CopyTo(antecedent);
                items.AsSpan(j + 1).CopyTo(antecedent.AsSpan(j));
                var antecedentCount = antecedent.Length == 0 ? basketCount : countOf[antecedent];
                var confidence = (double)itemset.Count / antecedentCount;
                if (confidence >= minConfidence)
                {
                    var consequentSupport = (double)single[items[j]] / basketCount;
                    rules.Add(new AssociationRule(antecedent, items[j], itemset.Count, (double)itemset.Count / basketCount, confidence, confidence / consequentSupport));
                }
            }
        }

        return rules;
    }

    /// <summary>The rule as arules prints it: antecedent items in alphabetical order.</summary>
    public string Describe(IReadOnlyList<string> names) =>
        $"{{{string.Join(", ", Antecedent.Select(i => names[i]).Order(StringComparer.Ordinal))}}} => {{{names[Consequent]}}}";
}
