using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    /// <summary>
    /// Query ('Q'): each statement of the string in turn, each with its RowDescription, rows and CommandComplete;
    /// the first error ends the string (the rest is not run) and ReadyForQuery follows either way.
    /// </summary>
    private void SimpleQuery(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var sql = cursor.ReadCString();
        var statements = ScriptText.Split(sql);
        if (statements.Count == 0)
        {
            _writer.WriteEmptyQueryResponse();
        }

        foreach (var statement in statements)
        {
            try
            {
                var query = Prepare(statement, []);
                if (query.Command.Kind == SessionCommandKind.Empty)
                {
                    _writer.WriteEmptyQueryResponse();
                    continue;
                }

                using var portal = new Portal(query, [], new bool[query.Columns.Count]);
                if (query.ReturnsRows && query.Command.Kind != SessionCommandKind.Copy && _status != TransactionStatus.Failed)
                {
                    _writer.WriteRowDescription(query.Columns, null);
                }

                Run(portal, 0);
            }
            catch (Exception e) when (e is not (IOException or ObjectDisposedException or PgProtocolException))
            {
                StatementFailed(e, statement);
                break;
            }
        }

        _writer.WriteReadyForQuery(_status);
        _writer.Flush();
    }

    /// <summary>A statement failed: the client hears why, and an open transaction is now failed until it ends.</summary>
    private void StatementFailed(Exception e, string sql)
    {
        var error = PgErrors.From(e, sql);
        if (error.SqlState == SqlStates.InternalError)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(Logger, e, "PostgreSQL session {ProcessId}: a statement failed in the server", ProcessId);
        }

        _writer.DiscardMessage();
        _writer.WriteError(error);
        if (_status == TransactionStatus.InTransaction)
        {
            _status = TransactionStatus.Failed;
        }
    }
}
