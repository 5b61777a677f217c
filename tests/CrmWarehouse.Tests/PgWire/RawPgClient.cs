using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// A bare PostgreSQL protocol client for the fuzz tests: it signs in with SCRAM-SHA-256 (or not), then sends whatever
/// bytes it is given, however wrong, and reads what comes back until the server closes the connection.
/// </summary>
internal sealed class RawPgClient : IDisposable
{
    // PBKDF2 is the client's cost of SCRAM; the salt is the same for every sign-in of the test user, so it is paid once.
    private static readonly ConcurrentDictionary<string, byte[]> SaltedPasswords = new();

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly NetworkStream _stream;

    public RawPgClient(int port)
    {
        _socket.ReceiveTimeout = 20_000;
        _socket.Connect("127.0.0.1", port);
        _stream = new NetworkStream(_socket, ownsSocket: true);
    }

    public void Send(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>Sends unless the server has already closed the connection (it may, after a protocol violation); false then.</summary>
    public bool TrySend(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Startup and the SCRAM exchange; true when the server said ReadyForQuery.</summary>
    public bool SignIn(string user, string password)
    {
        var startup = new List<byte>();
        startup.AddRange(Int32(196608));
        foreach (var text in new[] { "user", user, "database", "warehouse", string.Empty })
        {
            startup.AddRange(Encoding.UTF8.GetBytes(text));
            startup.Add(0);
        }

        Send([.. Int32(startup.Count + 4), .. startup]);
        Expect('R');
        var clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var clientFirstBare = "n=,r=" + clientNonce;
        var first = Encoding.UTF8.GetBytes("n,," + clientFirstBare);
        Send(Message('p', [.. Encoding.UTF8.GetBytes("SCRAM-SHA-256"), 0, .. Int32(first.Length), .. first]));
        var serverFirst = Encoding.UTF8.GetString(Expect('R').AsSpan(4));
        var fields = serverFirst.Split(',').ToDictionary(f => f[0], f => f[2..]);
        var salt = Convert.FromBase64String(fields['s']);
        var salted = SaltedPasswords.GetOrAdd(fields['s'], _ =>
            Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, int.Parse(fields['i'], System.Globalization.CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32));
        var withoutProof = "c=biws,r=" + fields['r'];
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}");
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), authMessage);
        var proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        Send(Message('p', Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}")));
        while (true)
        {
            var (type, _) = Read();
            if (type == 'Z')
            {
                return true;
            }

            if (type is 'E' or '\0')
            {
                return false;
            }
        }
    }

    /// <summary>Ends the client's side and reads every message until the server closes; null if it did not close in time.</summary>
    public List<(char Type, byte[] Body)>? SendEndAndReadAll()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the server.
        }

        var messages = new List<(char, byte[])>();
        try
        {
            while (true)
            {
                var message = Read();
                if (message.Type == '\0')
                {
                    return messages;
                }

                messages.Add(message);
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            return null;
        }
        catch (IOException)
        {
            // Reset by the server: closed.
            return messages;
        }
    }

    /// <summary>The SQLSTATE of an ErrorResponse body.</summary>
    public static string SqlState(byte[] body)
    {
        var fields = Encoding.UTF8.GetString(body).Split('\0');
        return fields.FirstOrDefault(f => f.StartsWith('C'))?[1..] ?? string.Empty;
    }

    public static byte[] Message(char type, byte[] body) => [(byte)type, .. Int32(body.Length + 4), .. body];

    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private byte[] Expect(char type)
    {
        var (actual, body) = Read();
        return actual == type ? body : throw new InvalidOperationException($"Expected '{type}', got '{actual}': {Encoding.UTF8.GetString(body)}");
    }

    /// <summary>One backend message; type '\0' when the connection closed. A single 'N'/'S' byte answers an SSLRequest.</summary>
    private (char Type, byte[] Body) Read()
    {
        var header = new byte[5];
        var read = ReadFully(header);
        if (read == 0)
        {
            return ('\0', []);
        }

        if (read < 5)
        {
            return read == 1 && header[0] is (byte)'N' or (byte)'S' ? ((char)header[0], []) : ('\0', []);
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        var body = new byte[Math.Max(0, length - 4)];
        return ReadFully(body) == body.Length ? ((char)header[0], body) : ('\0', []);
    }

    private int ReadFully(byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = _stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public void Dispose() => _stream.Dispose();
}
