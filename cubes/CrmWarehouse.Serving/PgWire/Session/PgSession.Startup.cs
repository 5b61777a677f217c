using System.Net.Security;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    // The request codes of the startup phase (PostgreSQL's pqcomm.h): a protocol version or one of these magic numbers.
    private const int SslRequest = 80877103;
    private const int GssEncRequest = 80877104;
    private const int CancelRequest = 80877102;
    private const int ProtocolMajor = 3;
    private const string Database = "warehouse";

    /// <summary>
    /// The startup phase: TLS or not, then the StartupMessage, sign-in and the session's opening messages.
    /// False when the connection was only a CancelRequest or was refused.
    /// </summary>
    private bool Start()
    {
        _socket.ReceiveTimeout = _server.Options.AuthenticationTimeoutSeconds * 1000;
        var tlsDone = false;
        while (true)
        {
            var packet = _reader.ReadStartupPacket();
            var cursor = new MessageCursor(packet.Span);
            var code = cursor.ReadInt32();
            switch (code)
            {
                case SslRequest when !tlsDone && _server.Certificate is not null:
                    _writer.WriteByte((byte)'S');
                    _writer.Flush();
                    StartTls();
                    tlsDone = true;
                    continue;
                case SslRequest or GssEncRequest:
                    // No certificate configured (or TLS already on), and never GSSAPI: the client goes on in the clear or leaves.
                    _writer.WriteByte((byte)'N');
                    _writer.Flush();
                    continue;
                case CancelRequest:
                    var processId = cursor.ReadInt32();
                    var secretKey = cursor.ReadInt32();
                    _server.Cancel(processId, secretKey);
                    return false;
            }

            if (code >> 16 != ProtocolMajor)
            {
                Fail(new PgError(SqlStates.FeatureNotSupported, $"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}: server supports 3.0", "FATAL"));
                return false;
            }

            var parameters = StartupParameters(ref cursor);
            if ((code & 0xFFFF) != 0 || parameters.Keys.Any(k => k.StartsWith("_pq_.", StringComparison.Ordinal)))
            {
                NegotiateProtocolVersion(parameters.Keys.Where(k => k.StartsWith("_pq_.", StringComparison.Ordinal)).ToList());
            }

            return SignIn(parameters);
        }
    }

    private void StartTls()
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        tls.AuthenticateAsServer(_server.Certificate!, clientCertificateRequired: false, checkCertificateRevocation: false);
        _reader.Dispose();
        _writer.Dispose();
        _stream = tls;
        _reader = new PgReader(new BufferedStream(tls, 16 * 1024), _server.Options.MaxMessageBytes);
        _writer = new PgWriter(tls);
    }

    private static Dictionary<string, string> StartupParameters(ref MessageCursor cursor)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (cursor.Remaining > 0)
        {
            var name = cursor.ReadCString();
            if (name.Length == 0)
            {
                break;
            }

            parameters[name] = cursor.ReadCString();
        }

        return parameters;
    }

    /// <summary>NegotiateProtocolVersion ('v'): this server speaks 3.0 and none of the protocol options asked for.</summary>
    private void NegotiateProtocolVersion(List<string> unsupportedOptions)
    {
        _writer.StartMessage((byte)'v');
        _writer.WriteInt32(ProtocolMajor << 16);
        _writer.WriteInt32(unsupportedOptions.Count);
        foreach (var option in unsupportedOptions)
        {
            _writer.WriteCString(option);
        }

        _writer.EndMessage();
    }

    private bool SignIn(Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("user", out var userName) || userName.Length == 0)
        {
            Fail(new PgError(SqlStates.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet", "FATAL"));
            return false;
        }

        _user = new ScramExchange(_reader, _writer, _server.FakeSecret).Authenticate(userName, _server.Security.FindUser(userName));
        if (_user is null)
        {
            Logger.LogInformation("PostgreSQL sign-in refused from {ClientAddress}", ClientAddress);
            return false;
        }

        var database = parameters.GetValueOrDefault("database", userName);
        if (database != Database)
        {
            Fail(new PgError(SqlStates.InvalidCatalogName, $"database \"{database}\" does not exist", "FATAL", Hint: $"The warehouse is database \"{Database}\"."));
            return false;
        }

        _connection = _server.OpenConnection(_user);
        _settings = new SessionSettings(_server.Options.ServerVersion, _user.Name, _user.Principal.Role.ViewSchema);
        foreach (var (name, value) in parameters)
        {
            if (name is not ("user" or "database" or "options" or "replication") && !name.StartsWith("_pq_.", StringComparison.Ordinal))
            {
                TrySet(name, value);
            }
        }

        _socket.ReceiveTimeout = 0;
        _writer.WriteAuthenticationOk();
        foreach (var (name, value) in _settings.Startup())
        {
            _writer.WriteParameterStatus(name, value);
        }

        _writer.WriteBackendKeyData(ProcessId, _secretKey);
        _writer.WriteReadyForQuery(_status);
        _writer.Flush();
        return true;
    }

    /// <summary>A startup parameter the session cannot take (an unknown setting) is ignored, not fatal: clients send many.</summary>
    private void TrySet(string name, string value)
    {
        try
        {
            _settings.Set(name, value);
        }
        catch (PgErrorException)
        {
            Logger.LogDebug("PostgreSQL session {ProcessId}: startup parameter {Name} ignored", ProcessId, name);
        }
    }
}
