namespace CrmWarehouse.Mining.Rules;

/// <summary>
/// FP-growth (Han, Pei and Yin 2000): every itemset contained in at least a fraction
/// <c>minSupport</c> of the baskets, without candidate generation. An itemset is frequent when
/// count / baskets ≥ minSupport (the arules convention).
/// </summary>
public sealed class FpGrowth
{
    private readonly int _minCount;
    private readonly int _maxLength;
    private readonly int[] _originalId;
    private readonly List<FrequentItemset> _found = [];
    private readonly List<int> _suffix = [];

    private FpGrowth(int minCount, int maxLength, int[] originalId)
    {
        _minCount = minCount;
        _maxLength = maxLength;
        _originalId = originalId;
    }

    /// <returns>All frequent itemsets of 1…<paramref name="maxLength"/> items, item ids as in <paramref name="baskets"/>.</returns>
    public static IReadOnlyList<FrequentItemset> Mine(BasketSet baskets, double minSupport, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSupport);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSupport, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var total = baskets.Baskets.Count;
        var minCount = MinimumCount(minSupport, total);

        var counts = new int[baskets.ItemNames.Count];
        foreach (var basket in baskets.Baskets)
        {
            foreach (var item in basket)
            {
                counts[item]++;
            }
        }

        // Rank frequent items by descending count; the tree works in ranks.
        var frequent = Enumerable.Range(0, counts.Length).Where(i => counts[i] >= minCount)
            .OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        var rankOf = new int[counts.Length];
        Array.Fill(rankOf, -1);
        for (var rank = 0; rank < frequent.Length; rank++)
        {
            rankOf[frequent[rank]] = rank;
        }

        var tree = new FpTree(frequent.Length, 1024);
        var path = new int[counts.Length];
        foreach (var basket in baskets.Baskets)
        {
            var length = 0;
            foreach (var item in basket)
            {
                if (rankOf[item] >= 0)
                {
                    path[length++] = rankOf[item];
                }
            }

            Array.Sort(path, 0, length);
            tree.Insert(path.AsSpan(0, length), 1);
        }

        var miner = new FpGrowth(minCount, maxLength, frequent);
        miner.Grow(tree, cancellationToken);
        return miner._found;
    }

    /// <summary>The smallest count c with c / total ≥ minSupport, computed in the same floating point as the test.</summary>
    internal static int MinimumCount(double minSupport, int total)
    {
        var count = Math.Max(1, (int)Math.Floor(minSupport * total) - 1);
        while ((double)count / total < minSupport)
        {
            count++;
        }

        return count;
    }

    private void Grow(FpTree tree, CancellationToken cancellationToken)
    {
        var itemCount = tree.ItemTotal.Length;
        var prefixCounts = new int[itemCount];
        var path = new int[itemCount];
        // Least frequent first: its conditional pattern base is the smallest.
        for (var item = itemCount - 1; item >= 0; item--)
        {
            if (tree.ItemTotal[item] < _minCount)
            {
                continue;
            }

            if (_suffix.Count == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            _suffix.Add(item);
            Record(tree.ItemTotal[item]);
            if (_suffix.Count < _maxLength)
            {
                var conditional = ConditionalTree(tree, item, prefixCounts, path);
                if (!conditional.IsEmpty)
                {
                    Grow(conditional, cancellationToken);
                }
            }

            _suffix.RemoveAt(_suffix.Count - 1);
        }
    }

    /// <summary>The tree of prefix paths of <paramref name="item"/>, keeping only items frequent among them.</summary>
    private FpTree ConditionalTree(FpTree tree, int item, int[] prefixCounts, int[] path)
    {
        Array.Clear(prefixCounts);
        var pathNodes = 0;
        for (var node = tree.HeadOfItem[item]; node != -1; node = tree.NextSameItem(node))
        {
            var count = tree.Count(node);
            for (var p = tree.Parent(node); p != 0; p = tree.Parent(p))
            {
                prefixCounts[tree.Item(p)] += count;
                pathNodes++;
            }
        }

        // Items only ever precede `item` on a path, so the conditional tree needs ids below it.
        var conditional = new FpTree(item, pathNodes + 1);
        for (var node = tree.HeadOfItem[item]; node != -1; node = tree.NextSameItem(node))
        {
            var length = 0;
            for (var p = tree.Parent(node); p != 0; p = tree.Parent(p))
            {
                var prefixItem = tree.Item(p);
                if (prefixCounts[prefixItem] >= _minCount)
                {
                    path[length++] = prefixItem;
                }
            }

            if (length > 0)
            {
                // Walking up the tree yields decreasing ids; the tree wants them increasing.
                Array.Reverse(path, 0, length);
                conditional.Insert(path.AsSpan(0, length), tree.Count(node));
            }
        }

        return conditional;
    }

    private void Record(int count)
    {
        var items = new int[_suffix.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = _originalId[_suffix[i]];
        }

        Array.Sort(items);
        _found.Add(new FrequentItemset(items, count));
    }
}
