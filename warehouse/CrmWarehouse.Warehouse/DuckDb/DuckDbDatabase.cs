using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// One native DuckDB database per file per process, shared by every connection to that file
/// (DuckDB allows one writing process per file, and a second instance in the same process would conflict).
/// Reference-counted: the file is released when its last connection closes. Plain ":memory:" gives each
/// connection its own database; ":memory:NAME" is shared by name.
/// </summary>
internal sealed class DuckDbDatabase
{
    private static readonly Dictionary<string, DuckDbDatabase> Instances = new(StringComparer.Ordinal);
    private static readonly Lock InstancesLock = new();

    private readonly string _key;
    private int _references;

    private DuckDbDatabase(string key, DatabaseHandle handle, IReadOnlyDictionary<string, string> options)
    {
        _key = key;
        Handle = handle;
        Options = options;
    }

    public DatabaseHandle Handle { get; }

    public IReadOnlyDictionary<string, string> Options { get; }

    public static DuckDbDatabase Acquire(string dataSource, IReadOnlyDictionary<string, string> options)
    {
        var (key, path) = Resolve(dataSource);
        lock (InstancesLock)
        {
            if (key is not null && Instances.TryGetValue(key, out var existing))
            {
                existing.CheckCompatible(options);
                existing._references++;
                return existing;
            }

            var database = new DuckDbDatabase(key ?? string.Empty, Open(path, options), options) { _references = 1 };
            if (key is not null)
            {
                Instances[key] = database;
            }

            return database;
        }
    }

    public void Release()
    {
        lock (InstancesLock)
        {
            if (--_references > 0)
            {
                return;
            }

            if (_key.Length > 0)
            {
                Instances.Remove(_key);
            }
        }

        Handle.Dispose();
    }

    public ConnectionHandle Connect()
    {
        if (NativeMethods.Connect(Handle, out var connection) != DuckDbState.Success)
        {
            throw new DuckDbException("DuckDB could not open a connection to the database.", DuckDbErrorType.Connection);
        }

        return new ConnectionHandle(connection);
    }

    /// <summary>The sharing key (null: not shared) and the path DuckDB opens (null: in memory).</summary>
    private static (string? Key, string? Path) Resolve(string dataSource)
    {
        if (string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:")
        {
            return (null, null);
        }

        if (dataSource.StartsWith(":memory:", StringComparison.Ordinal))
        {
            return (dataSource, null);
        }

        var fullPath = Path.GetFullPath(dataSource);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return (fullPath, fullPath);
    }

    private static DatabaseHandle Open(string? path, IReadOnlyDictionary<string, string> options)
    {
        NativeMethods.EnsureLoaded();
        if (NativeMethods.CreateConfig(out var config) != DuckDbState.Success)
        {
            throw new DuckDbException("DuckDB could not allocate a configuration.", DuckDbErrorType.OutOfMemory);
        }

        try
        {
            foreach (var (name, value) in options)
            {
                if (NativeMethods.SetConfig(config, name, value) != DuckDbState.Success)
                {
                    throw new DuckDbException($"DuckDB rejected the setting {name}='{value}' (unknown option or invalid value).", DuckDbErrorType.InvalidConfiguration);
                }
            }

            if (NativeMethods.OpenExt(path, out var database, config, out var error) != DuckDbState.Success)
            {
                var message = NativeMethods.OwnedString(error);
                throw DuckDbException.FromMessage($"Cannot open DuckDB database '{path ?? ":memory:"}': {message}", "Cannot open the database.");
            }

            return new DatabaseHandle(database);
        }
        finally
        {
            NativeMethods.DestroyConfig(ref config);
        }
    }

    private void CheckCompatible(IReadOnlyDictionary<string, string> options)
    {
        foreach (var (name, value) in options)
        {
            if (Options.TryGetValue(name, out var current) && !string.Equals(current, value, StringComparison.OrdinalIgnoreCase))
            {
                throw new DuckDbException(
                    $"The database '{_key}' is already open in this process with {name}='{current}'; a connection asking for '{value}' must wait until every other connection to it is closed.",
                    DuckDbErrorType.InvalidConfiguration);
            }
        }
    }
}
