using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// One client connection, from its first byte to its last, on a thread of its own: startup and SCRAM sign-in, then
/// the message loop of the simple and extended query protocols over a DuckDB connection of its own. This is the
/// one place a session catches: a broken protocol gets an ErrorResponse and the connection closes, a failed
/// statement gets an ErrorResponse and the session goes on, a server fault is logged (without the query text).
/// </summary>
internal sealed partial class PgSession
{
    private readonly PgWireServer _server;
    private readonly Socket _socket;
    private readonly int _secretKey = RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly object _queryLock = new();
    private Stream _stream;
    private PgReader _reader;
    private PgWriter _writer;
    private DuckDBConnection? _connection;
    private PgUser? _user;
    private SessionSettings _settings = null!;
    private TransactionStatus _status = TransactionStatus.Idle;
    private bool _querying;
    private bool _cancelRequested;
    private bool _timedOut;
    private Timer? _timeout;

    public PgSession(PgWireServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
        ProcessId = server.NextProcessId();
        ClientAddress = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new PgReader(new BufferedStream(_stream, 16 * 1024), server.Options.MaxMessageBytes);
        _writer = new PgWriter(_stream);
    }

    public int ProcessId { get; }

    public string ClientAddress { get; }

    public bool IsQuerying
    {
        get
        {
            lock (_queryLock)
            {
                return _querying;
            }
        }
    }

    private ILogger Logger => _server.Logger;

    public void Run()
    {
        var registered = false;
        try
        {
            if (!Start())
            {
                return;
            }

            registered = _server.Register(this);
            if (!registered)
            {
                Fail(new PgError(SqlStates.TooManyConnections, "sorry, too many clients already", "FATAL"));
                return;
            }

            Loop();
        }
        catch (PgProtocolException e)
        {
            Logger.LogInformation("PostgreSQL session {ProcessId} from {ClientAddress} broke the protocol: {Problem}", ProcessId, ClientAddress, e.Message);
            Fail(new PgError(e.SqlState, e.Message, "FATAL"));
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException
                                   || e is System.Security.Authentication.AuthenticationException)
        {
            // The client went away (or the server is stopping): nothing to tell it.
        }
        catch (Exception e)
        {
            Logger.LogError(e, "PostgreSQL session {ProcessId} from {ClientAddress} failed", ProcessId, ClientAddress);
            Fail(new PgError(SqlStates.InternalError, "The server failed; the error is in its log.", "FATAL"));
        }
        finally
        {
            if (registered)
            {
                _server.Unregister(this);
            }

            ClosePortals();
            _connection?.Dispose();
            _reader.Dispose();
            _writer.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>Interrupts the running query when <paramref name="secretKey"/> is this session's (compared in constant time).</summary>
    public void CancelIfKey(int secretKey)
    {
        if (!CryptographicOperations.FixedTimeEquals(BitConverter.GetBytes(secretKey), BitConverter.GetBytes(_secretKey)))
        {
            return;
        }

        Interrupt(ref _cancelRequested);
    }

    /// <summary>Closes the connection from outside (server stopping): the session's next read or write fails and it ends.</summary>
    public void Close()
    {
        lock (_queryLock)
        {
            if (_querying)
            {
                _connection?.NativeConnection.Interrupt();
            }
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private void Interrupt(ref bool reason)
    {
        lock (_queryLock)
        {
            if (_querying)
            {
                reason = true;
                _connection?.NativeConnection.Interrupt();
            }
        }
    }

    /// <summary>The last word to a client whose session cannot go on; a failure to send it is not worth more.</summary>
    private void Fail(PgError error)
    {
        try
        {
            _writer.DiscardMessage();
            _writer.WriteError(error);
            _writer.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException or NotSupportedException)
        {
            // The connection is already gone.
        }
    }

    private void Loop()
    {
        while (true)
        {
            var (code, body) = _reader.ReadMessage();
            switch ((char)code)
            {
                case 'Q':
                    SimpleQuery(body.Span);
                    break;
                case 'P':
                    Extended(() => Parse(body.Span));
                    break;
                case 'B':
                    Extended(() => Bind(body.Span));
                    break;
                case 'D':
                    Extended(() => Describe(body.Span));
                    break;
                case 'E':
                    Extended(() => Execute(body.Span));
                    break;
                case 'C':
                    Extended(() => ClosePortalOrStatement(body.Span));
                    break;
                case 'H':
                    _writer.Flush();
                    break;
                case 'S':
                    Sync();
                    break;
                case 'X':
                    return;
                case 'd' or 'c' or 'f':
                    // CopyData/CopyDone/CopyFail outside a COPY FROM (which this server does not do): ignored, as PostgreSQL does.
                    break;
                case 'F':
                    Extended(() => throw new PgErrorException(SqlStates.FeatureNotSupported, "the function call protocol is not supported"));
                    break;
                default:
                    throw new PgProtocolException($"Unexpected message type '{(char)code}' (0x{code:x2}).");
            }
        }
    }
}
