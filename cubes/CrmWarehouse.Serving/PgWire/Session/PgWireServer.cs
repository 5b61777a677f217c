using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// The PostgreSQL listener: accepts connections and gives each its own <see cref="PgSession"/> on its own thread
/// (DuckDB calls block), keeps the sessions by process id so that a CancelRequest on another connection can
/// interrupt the right query, and closes them all on stop.
/// </summary>
internal sealed class PgWireServer : IAsyncDisposable
{
    private readonly PgWireOptions _options;
    private readonly PgWireSecurity _security;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, PgSession> _sessions = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly X509Certificate2? _certificate;
    private TcpListener? _listener;
    private Task? _accepting;
    private int _lastProcessId = RandomNumberGenerator.GetInt32(1000, 100_000);

    // open: a DuckDB connection of its own for each session, on the locked warehouse (ServingContext.Open);
    // queryTimeoutSeconds: Serving:QueryTimeoutSeconds, which a session's statement_timeout may only shorten.
    public PgWireServer(int queryTimeoutSeconds, PgWireOptions options, PgWireSecurity security, ILogger logger)
    {
        QueryTimeoutSeconds = queryTimeoutSeconds;
        _options = options;
        _security = security;
        _logger = logger;
        _certificate = options.CertificatePath is { } path
            ? X509Certificate2.CreateFromPemFile(path, options.CertificateKeyPath)
            : null;
    }

    /// <summary>Where the server listens once started (port 0 in the options becomes the port it got).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)(_listener?.LocalEndpoint ?? throw new InvalidOperationException("The server has not started."));

    public int QueryTimeoutSeconds { get; }

    /// <summary>A connection for a signed-in user: the role's views on its search path, their branches set.</summary>
    public DuckDBConnection OpenConnection(PgUser user) => Security.Open(user);

    public PgWireOptions Options => _options;

    public PgWireSecurity Security => _security;

    public ILogger Logger => _logger;

    public X509Certificate2? Certificate => _certificate;

    /// <summary>Seeds the made-up SCRAM salts of unknown user names (see <see cref="ScramExchange"/>).</summary>
    internal byte[] FakeSecret { get; } = RandomNumberGenerator.GetBytes(32);

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Parse(_options.Host), _options.Port);
        _listener.Start(backlog: 512);
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <summary>A new process id for BackendKeyData (unique while the server runs).</summary>
    internal int NextProcessId() => Interlocked.Increment(ref _lastProcessId);

    internal bool Register(PgSession session)
    {
        if (_sessions.Count >= _options.MaxConnections)
        {
            return false;
        }

        _sessions[session.ProcessId] = session;
        return true;
    }

    /// <summary>How many sessions are running a query right now (for tests and health).</summary>
    internal int RunningQueries => _sessions.Values.Count(s => s.IsQuerying);

    internal void Unregister(PgSession session) => _sessions.TryRemove(session.ProcessId, out _);

    /// <summary>A CancelRequest: interrupts the query of the session with this id if the key matches; says nothing either way, as PostgreSQL.</summary>
    internal void Cancel(int processId, int secretKey)
    {
        if (_sessions.TryGetValue(processId, out var session))
        {
            session.CancelIfKey(secretKey);
        }
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogWarning(e, "PostgreSQL listener failed to accept a connection");
                continue;
            }

            socket.NoDelay = true;
            var session = new PgSession(this, socket);
            var task = Task.Factory.StartNew(session.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _running[task] = true;
            _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        foreach (var session in _sessions.Values)
        {
            session.Close();
        }

        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        _certificate?.Dispose();
        _stopping.Dispose();
    }
}
