using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// A password stored the way PostgreSQL stores it (RFC 5802 / RFC 7677, SCRAM-SHA-256):
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c>, all base64.
/// The password itself is never kept: the wire protocol proves a client knows it from StoredKey, HTTP Basic recomputes
/// StoredKey from the salt. Passwords are taken as their UTF-8 bytes (PostgreSQL does the same when SASLprep does not apply).
/// </summary>
public sealed record ScramVerifier(int Iterations, byte[] Salt, byte[] StoredKey, byte[] ServerKey)
{
    private const string Mechanism = "SCRAM-SHA-256";

    /// <summary>PostgreSQL's default (scram_iterations); about 2 ms of PBKDF2 here, paid once per sign-in.</summary>
    public const int DefaultIterations = 4096;

    private const int SaltBytes = 16;

    public static ScramVerifier Create(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var (storedKey, serverKey) = Keys(password, salt, iterations);
        return new ScramVerifier(iterations, salt, storedKey, serverKey);
    }

    /// <summary>Reads the stored text form; says what is wrong with it without echoing it (it is a secret).</summary>
    public static ScramVerifier Parse(string text)
    {
        var parts = text.Split('$');
        var head = parts.Length == 3 ? parts[1].Split(':') : [];
        var keys = parts.Length == 3 ? parts[2].Split(':') : [];
        if (parts.Length != 3 || parts[0] != Mechanism || head.Length != 2 || keys.Length != 2
            || !int.TryParse(head[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw new FormatException($"A stored secret is not a {Mechanism} verifier ({Mechanism}$iterations:salt$StoredKey:ServerKey).");
        }

        try
        {
            return new ScramVerifier(iterations, Convert.FromBase64String(head[1]), Convert.FromBase64String(keys[0]), Convert.FromBase64String(keys[1]));
        }
        catch (FormatException)
        {
            throw new FormatException($"A stored {Mechanism} verifier has a salt or key that is not base64.");
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Mechanism}${Iterations}:{Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}:{Convert.ToBase64String(ServerKey)}");

    /// <summary>Whether <paramref name="password"/> is the one this verifier was made from (constant time in the key comparison).</summary>
    public bool Matches(string password)
    {
        var (storedKey, _) = Keys(password, Salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(storedKey, StoredKey);
    }

    /// <summary>
    /// Checks a client's proof over <paramref name="authMessage"/> (client-first-bare + "," + server-first + "," +
    /// client-final-without-proof): ClientKey = proof XOR HMAC(StoredKey, message), and H(ClientKey) must equal StoredKey.
    /// </summary>
    public bool VerifiesProof(ReadOnlySpan<byte> authMessage, ReadOnlySpan<byte> clientProof)
    {
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(StoredKey, authMessage, signature);
        if (clientProof.Length != signature.Length)
        {
            return false;
        }

        Span<byte> clientKey = stackalloc byte[signature.Length];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(clientProof[i] ^ signature[i]);
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), StoredKey);
    }

    /// <summary>The server's signature the client checks in server-final-message (v=…).</summary>
    public byte[] ServerSignature(ReadOnlySpan<byte> authMessage) => HMACSHA256.HashData(ServerKey, authMessage);

    private static (byte[] StoredKey, byte[] ServerKey) Keys(string password, byte[] salt, int iterations)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return (SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8));
    }
}
