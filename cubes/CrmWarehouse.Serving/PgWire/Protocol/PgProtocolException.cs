namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>
/// The client broke the protocol (a malformed, oversized or unexpected message). The session answers with an
/// ErrorResponse carrying <see cref="SqlState"/> and closes: after a framing error nothing later on the stream can be trusted.
/// </summary>
internal sealed class PgProtocolException(string message, string sqlState = SqlStates.ProtocolViolation) : Exception(message)
{
    public string SqlState { get; } = sqlState;
}
