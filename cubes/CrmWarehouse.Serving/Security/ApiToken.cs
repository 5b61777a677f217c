using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// An API token: <c>crmw_&lt;id&gt;_&lt;secret&gt;</c>. The id (public, 10 hex digits) finds the stored record; only the
/// SHA-256 of the whole token is stored. 32 random bytes of secret need no salt or slow hash: they cannot be guessed.
/// </summary>
internal static class ApiToken
{
    private const string Prefix = "crmw_";

    public static (string Token, string Id, string Hash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var token = Prefix + id + "_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, id, Hash(token));
    }

    /// <summary>The id of a token that has the right shape, else null.</summary>
    public static string? IdOf(string token) =>
        token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length > Prefix.Length + 11 && token[Prefix.Length + 10] == '_'
            ? token.Substring(Prefix.Length, 10)
            : null;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token's <see cref="Hash"/> against a stored one, in constant time.</summary>
    public static bool HashMatches(string hash, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A password for a user who was not given one: 24 random bytes, URL-safe, no padding (32 characters).</summary>
    public static string Password() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
