namespace CrmWarehouse.Mining.Rules;

/// <summary>
/// A frequent-pattern tree (Han, Pei and Yin 2000) held in parallel int arrays. Item ids are ranks by
/// descending global frequency, so a path from the root always runs through increasing ids. Node 0 is the root.
/// </summary>
internal sealed class FpTree
{
    private const int None = -1;

    private int[] _item;
    private int[] _count;
    private int[] _parent;
    private int[] _firstChild;
    private int[] _nextSibling;
    private int[] _nextSameItem;
    private int _nodes = 1;

    public FpTree(int itemCount, int capacity)
    {
        capacity = Math.Max(capacity, 2);
        _item = new int[capacity];
        _count = new int[capacity];
        _parent = new int[capacity];
        _firstChild = new int[capacity];
        _nextSibling = new int[capacity];
        _nextSameItem = new int[capacity];
        _item[0] = None;
        _firstChild[0] = None;
        _nextSibling[0] = None;
        HeadOfItem = new int[itemCount];
        Array.Fill(HeadOfItem, None);
        ItemTotal = new int[itemCount];
    }

    /// <summary>First node of each item's node-link chain, −1 when the item is absent.</summary>
    public int[] HeadOfItem { get; }

    /// <summary>Support count of each item within this tree.</summary>
    public int[] ItemTotal { get; }

    public bool IsEmpty => _nodes == 1;

    public int Item(int node) => _item[node];

    public int Count(int node) => _count[node];

    public int Parent(int node) => _parent[node];

    public int NextSameItem(int node) => _nextSameItem[node];

    /// <summary>Adds a path of item ids in increasing order, <paramref name="count"/> times.</summary>
    public void Insert(ReadOnlySpan<int> items, int count)
    {
        var node = 0;
        foreach (var item in items)
        {
            var child = _firstChild[node];
            while (child != None && _item[child] != item)
            {
                child = _nextSibling[child];
            }

            if (child == None)
            {
                child = NewNode(item, node);
            }

            _count[child] += count;
            ItemTotal[item] += count;
            node = child;
        }
    }

    private int NewNode(int item, int parent)
    {
        if (_nodes == _item.Length)
        {
            Grow();
        }

        var node = _nodes++;
        _item[node] = item;
        _count[node] = 0;
        _parent[node] = parent;
        _firstChild[node] = None;
        _nextSibling[node] = _firstChild[parent];
        _firstChild[parent] = node;
        _nextSameItem[node] = HeadOfItem[item];
        HeadOfItem[item] = node;
        return node;
    }

    private void Grow()
    {
        var size = _item.Length * 2;
        Array.Resize(ref _item, size);
        Array.Resize(ref _count, size);
        Array.Resize(ref _parent, size);
        Array.Resize(ref _firstChild, size);
        Array.Resize(ref _nextSibling, size);
        Array.Resize(ref _nextSameItem, size);
    }
}
