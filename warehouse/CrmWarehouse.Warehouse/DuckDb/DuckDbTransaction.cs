using System.Data;
using System.Data.Common;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>A DuckDB transaction: snapshot isolation; disposing it without Commit rolls it back.</summary>
public sealed class DuckDbTransaction : DbTransaction
{
    private DuckDbConnection? _connection;

    internal DuckDbTransaction(DuckDbConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        IsolationLevel = isolationLevel;
    }

    public override IsolationLevel IsolationLevel { get; }

    protected override DbConnection? DbConnection => _connection;

    public override void Commit() => Finish("COMMIT");

    public override void Rollback() => Finish("ROLLBACK");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is not null)
        {
            Rollback();
        }

        base.Dispose(disposing);
    }

    private void Finish(string statement)
    {
        var connection = _connection ?? throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        _connection = null;
        connection.CurrentTransaction = null;
        if (connection.State == ConnectionState.Open)
        {
            connection.ExecuteNonQuery(statement);
        }
    }
}
