using System.Collections.Concurrent;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// Slows password guessing through the sign-in form: after <see cref="FreeFailuresPerUser"/> failed sign-ins for one
/// user name, or <see cref="FreeFailuresPerAddress"/> from one client address (more: an office behind one address has
/// many users), further attempts for it are refused (429, without checking the password) for a delay that doubles with
/// each failure, up to <see cref="LongestDelay"/>. A success clears the user's and the
/// address's count. Counts are forgotten after <see cref="Memory"/> without failures.
/// </summary>
internal sealed class SignInThrottle(TimeProvider clock)
{
    public const int FreeFailuresPerUser = 5;

    public const int FreeFailuresPerAddress = 20;

    public static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private const int MostRemembered = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last);

    /// <summary>How long <paramref name="user"/> from <paramref name="address"/> must wait before trying again; zero when they may try now.</summary>
    public TimeSpan Wait(string user, string? address)
    {
        var now = clock.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in Keys(user, address))
        {
            if (_failures.TryGetValue(key, out var failures) && Until(failures, key.StartsWith("user:", StringComparison.Ordinal) ? FreeFailuresPerUser : FreeFailuresPerAddress) - now is var left && left > wait)
            {
                wait = left;
            }
        }

        return wait;
    }

    public void Failed(string user, string? address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MostRemembered)
        {
            foreach (var (key, old) in _failures.Where(f => now - f.Value.Last > Memory).ToList())
            {
                _failures.TryRemove(new KeyValuePair<string, Failures>(key, old));
            }
        }

        foreach (var key in Keys(user, address))
        {
            _failures.AddOrUpdate(key, new Failures(1, now), (_, f) => new Failures(now - f.Last > Memory ? 1 : f.Count + 1, now));
        }
    }

    public void Succeeded(string user, string? address)
    {
        foreach (var key in Keys(user, address))
        {
            _failures.TryRemove(key, out _);
        }
    }

    private static DateTimeOffset Until(Failures failures, int free)
    {
        if (failures.Count < free)
        {
            return DateTimeOffset.MinValue;
        }

        var seconds = Math.Min(LongestDelay.TotalSeconds, Math.Pow(2, failures.Count - free));
        return failures.Last + TimeSpan.FromSeconds(seconds);
    }

    private static IEnumerable<string> Keys(string user, string? address) =>
        address is null ? ["user:" + user] : ["user:" + user, "address:" + address];
}
