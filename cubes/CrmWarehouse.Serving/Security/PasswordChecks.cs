using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
namespace CrmWarehouse.Serving.Security;

/// <summary>
/// HTTP Basic sends the password with every request; checking it costs a PBKDF2 of the verifier's iterations. A
/// successful check is remembered for <see cref="Lifetime"/>, keyed by a hash of user, password and verifier (so a
/// changed password or a removed user is not remembered), never the password itself. Failures are not remembered.
/// </summary>
internal sealed class PasswordChecks(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int MostRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _passed = new(StringComparer.Ordinal);

    public bool Matches(UserAccount user, string password)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\0{password}\0{user.Verifier}")));
        var now = clock.GetUtcNow();
        if (_passed.TryGetValue(key, out var until) && until > now)
        {
            return true;
        }

        if (!user.Verifier.Matches(password))
        {
            return false;
        }

        if (_passed.Count >= MostRemembered)
        {
            _passed.Clear();
        }

        _passed[key] = now + Lifetime;
        return true;
    }
}
