namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>A statement failed with a SQLSTATE of the session's choosing (a refused SET, an unknown prepared statement); the session goes on.</summary>
internal sealed class PgErrorException(string sqlState, string message, int? position = null) : Exception(message)
{
    public PgError Error { get; } = new(sqlState, message, Position: position);
}
