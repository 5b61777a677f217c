using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Mining.Rules;

/// <summary>
/// Market baskets (or a customer's product holdings) as arrays of integer item ids, with the item names.
/// Ids are dense, 0…n−1; a basket holds each item once.
/// </summary>
public sealed class BasketSet
{
    private readonly List<int[]> _baskets = [];
    private readonly List<string> _keys = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public IReadOnlyList<int[]> Baskets => _baskets;

    /// <summary>Who or what each basket is: the customer of a holdings file, "line N" of a basket file.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public IReadOnlyList<string> ItemNames => _names;

    public int Id(string item) =>
        _ids.TryGetValue(item, out var id) ? id : throw new ArgumentException($"Unknown item '{item}'.", nameof(item));

    public bool TryGetId(string item, out int id) => _ids.TryGetValue(item, out id);

    /// <summary>Adds one basket; repeated items count once. Names are kept exactly (Groceries has "cream cheese ").</summary>
    public void Add(IEnumerable<string> items, string? key = null)
    {
        var ids = new HashSet<int>();
        foreach (var item in items)
        {
            if (item.Length == 0)
            {
                continue;
            }

            if (!_ids.TryGetValue(item, out var id))
            {
                id = _names.Count;
                _ids[item] = id;
                _names.Add(item);
            }

            ids.Add(id);
        }

        if (ids.Count > 0)
        {
            _baskets.Add([.. ids]);
            _keys.Add(key ?? $"basket {_baskets.Count}");
        }
    }

    /// <summary>Reads a file with one basket per line, items separated by commas, no header (the arules "basket" format).</summary>
    public static BasketSet ReadBasketFile(string path)
    {
        var set = new BasketSet();
        using var file = TabularFile.Open(path, hasHeader: false);
        while (file.Read())
        {
            set.Add(file.Fields, $"line {file.Line}");
        }

        return set;
    }

    /// <summary>Reads a long file of (basket or customer, item) rows, e.g. product holdings for cross-sell.</summary>
    public static BasketSet ReadPairFile(string path, string basketColumn, string itemColumn)
    {
        using var file = TabularFile.Open(path, hasHeader: true);
        var basket = file.Column(basketColumn);
        var item = file.Column(itemColumn);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (file.Read())
        {
            var key = file.Text(basket);
            if (!groups.TryGetValue(key, out var items))
            {
                groups[key] = items = [];
            }

            items.Add(file.Text(item));
        }

        var set = new BasketSet();
        foreach (var (key, items) in groups)
        {
            set.Add(items, key);
        }

        return set;
    }
}
