using System.Collections.Concurrent;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Row-level dirt noticed while tables stream out (transactions are never held, so their dirt is logged as it
/// passes). Keyed by table and row key, so writing a table twice logs it once.
/// </summary>
public sealed class DirtLog
{
    private readonly ConcurrentDictionary<(string Table, string Key), string> _entries = new();

    public void Note(string table, string key, string kind) => _entries.TryAdd((table, key), kind);

    public IEnumerable<(string Table, string Key, string Kind)> Entries =>
        _entries.OrderBy(e => e.Key.Table, StringComparer.Ordinal).ThenBy(e => e.Key.Key, StringComparer.Ordinal).Select(e => (e.Key.Table, e.Key.Key, e.Value));

    public int Count => _entries.Count;
}
