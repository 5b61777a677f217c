using System.Security.Cryptography;
using System.Text;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// SCRAM-SHA-256 sign-in (RFC 5802 / 7677, as PostgreSQL runs it inside SASL messages), without channel binding.
/// The password never crosses the wire: the client proves it knows it from the verifier's salt and iterations.
/// An unknown user goes through the same exchange with a made-up verifier and fails the same way, so that the answer
/// does not tell which user names exist.
/// </summary>
internal sealed class ScramExchange(PgReader reader, PgWriter writer, byte[] fakeSecret)
{
    private const string Mechanism = "SCRAM-SHA-256";
    private const int NonceBytes = 18;

    /// <summary>
    /// The signed-in user, or null after an ErrorResponse (28P01, or 28000 for a mechanism this server does not offer)
    /// with <paramref name="failure"/> saying why, for the audit (never anything secret).
    /// </summary>
    public PgUser? Authenticate(string userName, PgUser? user, out string failure)
    {
        failure = "wrong password";
        writer.WriteAuthenticationSasl(Mechanism);
        writer.Flush();

        var initial = new MessageCursor(ReadPassword());
        var mechanism = initial.ReadCString();
        if (mechanism != Mechanism)
        {
            failure = $"SASL mechanism {mechanism} not supported";
            return Refuse(SqlStates.InvalidAuthorizationSpecification, $"SASL authentication mechanism {mechanism} is not supported (use {Mechanism})");
        }

        var length = initial.ReadInt32();
        var clientFirst = Encoding.UTF8.GetString(initial.ReadBytes(length));
        if (!clientFirst.StartsWith("n,", StringComparison.Ordinal) && !clientFirst.StartsWith("y,", StringComparison.Ordinal))
        {
            failure = "channel binding asked for";
            return Refuse(SqlStates.InvalidAuthorizationSpecification, "channel binding is not supported by this server (connect with channel_binding=disable or prefer)");
        }

        var headerEnd = clientFirst.IndexOf(',', 2);
        if (headerEnd < 0)
        {
            throw new PgProtocolException("Malformed SCRAM client-first-message.");
        }

        var gs2Header = clientFirst[..(headerEnd + 1)];
        var clientFirstBare = clientFirst[(headerEnd + 1)..];
        var clientNonce = Attribute(clientFirstBare, 'r') ?? throw new PgProtocolException("SCRAM client-first-message has no nonce.");

        var verifier = user?.Verifier ?? Fake(userName);
        var nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes));
        var serverFirst = $"r={nonce},s={Convert.ToBase64String(verifier.Salt)},i={verifier.Iterations}";
        writer.WriteAuthenticationSaslContinue(Encoding.UTF8.GetBytes(serverFirst));
        writer.Flush();

        var clientFinal = Encoding.UTF8.GetString(ReadPassword());
        var proofAt = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            throw new PgProtocolException("SCRAM client-final-message has no proof.");
        }

        var withoutProof = clientFinal[..proofAt];
        var binding = Attribute(withoutProof, 'c');
        var finalNonce = Attribute(withoutProof, 'r');
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(clientFinal[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            throw new PgProtocolException("SCRAM client proof is not base64.");
        }

        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        // The proof is checked for every attempt, known user or not, so that the time taken says nothing.
        var proven = verifier.VerifiesProof(authMessage, proof);
        var consistent = binding == Convert.ToBase64String(Encoding.UTF8.GetBytes(gs2Header)) && finalNonce == nonce;
        if (user is null || !proven || !consistent)
        {
            failure = user is null ? "unknown user" : proven ? "inconsistent SCRAM exchange" : "wrong password";
            return Refuse(SqlStates.InvalidPassword, $"password authentication failed for user \"{userName}\"");
        }

        writer.WriteAuthenticationSaslFinal(Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(verifier.ServerSignature(authMessage))));
        return user;
    }

    /// <summary>A SASLInitialResponse or SASLResponse ('p'); anything else here breaks the protocol.</summary>
    private ReadOnlySpan<byte> ReadPassword()
    {
        var (code, body) = reader.ReadMessage();
        return code == (byte)'p' ? body.Span : throw new PgProtocolException($"Expected a SASL response, got message type '{(char)code}'.");
    }

    private PgUser? Refuse(string sqlState, string message)
    {
        writer.WriteError(new PgError(sqlState, message, "FATAL"));
        writer.Flush();
        return null;
    }

    /// <summary>A verifier no password matches, the same for the same name within this server's life (a retry sees the same salt).</summary>
    private ScramVerifier Fake(string userName)
    {
        var seed = HMACSHA256.HashData(fakeSecret, Encoding.UTF8.GetBytes(userName));
        return new ScramVerifier(ScramVerifier.DefaultIterations, seed[..16], RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    }

    private static string? Attribute(string message, char name)
    {
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[0] == name && part[1] == '=')
            {
                return part[2..];
            }
        }

        return null;
    }
}
