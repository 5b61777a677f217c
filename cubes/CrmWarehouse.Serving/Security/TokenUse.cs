using System.Collections.Concurrent;
using System.Text.Json;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// When each API token last signed in, for <c>crmw user list</c>: kept in memory by the service and written beside the
/// users file (<c>warehouse.token-use.json</c>, 0600: token ids and times, no secret) at most once per
/// <see cref="WriteEvery"/> and when the service stops, not into the users file, which the CLI changes under a lock
/// and which a write per request would make every sign-in read again. So "last used" is right to about a minute.
/// </summary>
internal sealed class TokenUse(string path, TimeProvider clock)
{
    public static readonly TimeSpan WriteEvery = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(Read(path), StringComparer.Ordinal);
    private readonly Lock _writing = new();
    private DateTimeOffset _written = clock.GetUtcNow();
    private int _pending;

    /// <summary>Notes that the token <paramref name="id"/> signed in now; writes the file when it was last written long enough ago.</summary>
    public void Touch(string id)
    {
        var now = clock.GetUtcNow();
        _used[id] = now;
        Interlocked.Exchange(ref _pending, 1);
        if (now - _written >= WriteEvery)
        {
            _written = now;
            _ = Task.Run(Save);
        }
    }

    /// <summary>Writes what changed since the last write (the service calls it when it stops).</summary>
    public void Save()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 0)
        {
            return;
        }

        lock (_writing)
        {
            try
            {
                SecretFile.Write(path, JsonSerializer.Serialize(new SortedDictionary<string, DateTimeOffset>(_used, StringComparer.Ordinal), Json));
            }
            catch (IOException)
            {
                // Only "last used" is lost, and only until the next write: not worth failing a sign-in or a stop for.
                Interlocked.Exchange(ref _pending, 1);
            }
        }
    }

    /// <summary>Token id → last sign-in, as last written; empty when the service never wrote it.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(File.ReadAllText(path), Json) ?? [] : [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, DateTimeOffset>();
        }
    }
}
