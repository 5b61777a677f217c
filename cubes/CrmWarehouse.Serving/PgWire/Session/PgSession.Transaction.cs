using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    /// <summary>
    /// Transaction control and settings, answered by the session. A transaction is a DuckDB transaction too (one
    /// snapshot for all its statements); everything is read-only, so COMMIT and ROLLBACK end it alike.
    /// </summary>
    private void RunSessionCommand(SessionCommand command)
    {
        switch (command.Kind)
        {
            case SessionCommandKind.Begin when _status != TransactionStatus.Idle:
                _writer.WriteNotice(new PgError(SqlStates.ActiveSqlTransaction, "there is already a transaction in progress", "WARNING"));
                break;
            case SessionCommandKind.Begin:
                Duck("BEGIN TRANSACTION");
                _status = TransactionStatus.InTransaction;
                break;
            case SessionCommandKind.Commit or SessionCommandKind.Rollback when _status == TransactionStatus.Idle:
                _writer.WriteNotice(new PgError(SqlStates.NoActiveSqlTransaction, "there is no transaction in progress", "WARNING"));
                break;
            case SessionCommandKind.Commit or SessionCommandKind.Rollback:
                var failed = _status == TransactionStatus.Failed;
                _status = TransactionStatus.Idle;
                ClosePortals();
                Duck("ROLLBACK");
                if (_catalogLostAtTransactionEnd)
                {
                    // Installed inside the transaction just rolled back: gone with it (see EnsureCatalog).
                    _catalogInstalled = false;
                    _catalogLostAtTransactionEnd = false;
                }

                _writer.WriteCommandComplete(failed ? "ROLLBACK" : command.Tag);
                return;
            case SessionCommandKind.Savepoint when command.Value == "rollback" && _status == TransactionStatus.Failed:
                // DuckDB has no savepoints: going back to one after an error starts the transaction afresh.
                Duck("ROLLBACK");
                Duck("BEGIN TRANSACTION");
                _catalogInstalled &= !_catalogLostAtTransactionEnd;
                _catalogLostAtTransactionEnd = false;
                _status = TransactionStatus.InTransaction;
                break;
            case SessionCommandKind.Savepoint when _status == TransactionStatus.Idle:
                throw new PgErrorException(SqlStates.NoActiveSqlTransaction, $"{command.Tag} can only be used in transaction blocks");
            case SessionCommandKind.Set:
                if (_settings.Set(command.Name!, command.Value) is { } reported)
                {
                    _writer.WriteParameterStatus(reported.Name, reported.Value);
                }

                break;
            case SessionCommandKind.Reset when command.Name!.Equals("all", StringComparison.OrdinalIgnoreCase):
                _settings.ResetAll();
                break;
            case SessionCommandKind.Reset:
                _settings.Set(command.Name!, null);
                break;
            case SessionCommandKind.Discard:
                _settings.ResetAll();
                _statements.Clear();
                ClosePortals();
                break;
            case SessionCommandKind.Deallocate when command.Name!.Equals("all", StringComparison.OrdinalIgnoreCase):
                _statements.Clear();
                break;
            case SessionCommandKind.Deallocate:
                if (!_statements.Remove(command.Name!))
                {
                    throw new PgErrorException(SqlStates.UndefinedPreparedStatement, $"prepared statement \"{command.Name}\" does not exist");
                }

                break;
        }

        _writer.WriteCommandComplete(command.Tag);
    }

    private void Duck(string sql) => _connection!.Execute(sql, CancellationToken.None);
}
