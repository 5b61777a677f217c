namespace CrmWarehouse.Mining.Rules;

/// <summary>An itemset (item ids in increasing order) and the number of baskets that contain it.</summary>
public sealed record FrequentItemset(int[] Items, int Count);

/// <summary>Compares itemsets by content, for looking up the support of a rule's antecedent.</summary>
internal sealed class ItemsetComparer : IEqualityComparer<int[]>
{
    public static ItemsetComparer Instance { get; } = new();

    public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] obj)
    {
        var hash = new HashCode();
        foreach (var item in obj)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
