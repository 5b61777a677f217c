using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// The web UI's sign-in sessions, in memory (a restart signs everyone out): a random session id in an HttpOnly cookie,
/// a random CSRF token the page sends back in <see cref="CsrfHeader"/> on every state-changing request (the
/// synchronizer token: a page of another site can make the browser send the cookie, never read the token). A session
/// ends after <see cref="IdleTimeout"/> without a request (each request slides it) and at the latest
/// <see cref="LongestSession"/> after sign-in. Only a hash of the id is kept, so the store leaks no usable cookie.
/// </summary>
internal sealed class WebSessions(TimeProvider clock)
{
    public const string Cookie = "crmw_session";

    public const string CsrfHeader = "X-CSRF-Token";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan LongestSession = TimeSpan.FromHours(12);

    private const int MostSessions = 10_000;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>A signed-in user's session: whom it is for and the CSRF token its page must send.</summary>
    public sealed record Session(string User, string Csrf, DateTimeOffset Started, DateTimeOffset LastSeen);

    /// <summary>Starts a session for <paramref name="user"/>; returns the cookie's value and the session.</summary>
    public (string Id, Session Session) Start(string user)
    {
        var now = clock.GetUtcNow();
        if (_sessions.Count >= MostSessions)
        {
            foreach (var (key, old) in _sessions.Where(s => Expired(s.Value, now)).ToList())
            {
                _sessions.TryRemove(new KeyValuePair<string, Session>(key, old));
            }
        }

        var id = Random();
        var session = new Session(user, Random(), now, now);
        _sessions[Hash(id)] = session;
        return (id, session);
    }

    /// <summary>The live session of cookie value <paramref name="id"/>, its expiry slid to now; null when there is none or it expired.</summary>
    public Session? Find(string id)
    {
        var key = Hash(id);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (Expired(session, now))
        {
            _sessions.TryRemove(key, out _);
            return null;
        }

        var slid = session with { LastSeen = now };
        _sessions.TryUpdate(key, slid, session);
        return slid;
    }

    /// <summary>When the session's cookie should expire in the browser if no other request comes.</summary>
    public static DateTimeOffset ExpiresAt(Session session)
    {
        var idle = session.LastSeen + IdleTimeout;
        var longest = session.Started + LongestSession;
        return idle < longest ? idle : longest;
    }

    public void End(string id) => _sessions.TryRemove(Hash(id), out _);

    /// <summary>Ends every session of <paramref name="user"/> (e.g. removed or changed password).</summary>
    public void EndAll(string user)
    {
        foreach (var (key, session) in _sessions.Where(s => s.Value.User == user).ToList())
        {
            _sessions.TryRemove(new KeyValuePair<string, Session>(key, session));
        }
    }

    private bool Expired(Session session, DateTimeOffset now) => now >= ExpiresAt(session);

    private static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
