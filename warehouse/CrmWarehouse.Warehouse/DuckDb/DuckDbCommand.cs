using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using CrmWarehouse.Warehouse.DuckDb.Execution;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// A SQL command: one statement or a script of several. Statements are prepared once and kept while the text and
/// connection stay the same. Results stream chunk by chunk through <see cref="DuckDbDataReader"/>.
/// </summary>
public sealed class DuckDbCommand : DbCommand
{
    private string _commandText = string.Empty;
    private DuckDbConnection? _connection;
    private PreparedScript? _script;

    public DuckDbCommand()
    {
    }

    public DuckDbCommand(string commandText, DuckDbConnection? connection = null)
    {
        _commandText = commandText;
        _connection = connection;
    }

    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            if (!string.Equals(_commandText, value, StringComparison.Ordinal))
            {
                ForgetScript();
            }

            _commandText = value ?? string.Empty;
        }
    }

    /// <summary>Seconds before the query is interrupted; 0 (the default) waits for as long as it takes.</summary>
    public override int CommandTimeout { get; set; }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("DuckDB runs SQL text only (no stored procedures or table-direct commands).");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    public new DuckDbParameterCollection Parameters { get; } = new();

    /// <summary>Raised after each statement of the script has executed, with its number and how long DuckDB took (for profiling scripts).</summary>
    public event EventHandler<DuckDbStatementCompletedEventArgs>? StatementCompleted;

    protected override DbParameterCollection DbParameterCollection => Parameters;

    public new DuckDbConnection? Connection
    {
        get => _connection;
        set
        {
            if (!ReferenceEquals(_connection, value))
            {
                ForgetScript();
            }

            _connection = value;
        }
    }

    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = (DuckDbConnection?)value;
    }

    public new DuckDbTransaction? Transaction { get; set; }

    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (DuckDbTransaction?)value;
    }

    public new DuckDbParameter CreateParameter() => new();

    protected override DbParameter CreateDbParameter() => CreateParameter();

    public override void Cancel() => _connection?.Interrupt();

    /// <summary>Parses and prepares every statement now, so that errors in the text surface before execution.</summary>
    public override void Prepare()
    {
        var script = Script();
        for (var i = 0; i < script.Count; i++)
        {
            script.Get(i);
        }
    }

    /// <summary>
    /// What kind each statement of the text is, as DuckDB's planner sees it (prepares the statements, runs nothing).
    /// The read-only gate of the SQL endpoints decides on this.
    /// </summary>
    public IReadOnlyList<DuckDbStatementType> GetStatementTypes()
    {
        var script = Script();
        return Enumerable.Range(0, script.Count).Select(i => script.Get(i).Type).ToArray();
    }

    public override int ExecuteNonQuery() => ExecuteNonQuery(CancellationToken.None);

    /// <summary>Runs every statement, interrupting DuckDB when <paramref name="cancellationToken"/> fires.</summary>
    public int ExecuteNonQuery(CancellationToken cancellationToken)
    {
        using var reader = ExecuteReader(CommandBehavior.Default, cancellationToken);
        while (reader.NextResult())
        {
        }

        reader.Close();
        return reader.RecordsAffected;
    }

    public override object? ExecuteScalar() => ExecuteScalar(CancellationToken.None);

    private object? ExecuteScalar(CancellationToken cancellationToken)
    {
        using var reader = ExecuteReader(CommandBehavior.Default, cancellationToken);
        return reader.FieldCount > 0 && reader.Read() ? reader.GetValue(0) : null;
    }

    public new DuckDbDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default, CancellationToken.None);

    public new DuckDbDataReader ExecuteReader(CommandBehavior behavior) => ExecuteReader(behavior, CancellationToken.None);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior, CancellationToken.None);

    /// <summary>Executes, interrupting DuckDB when <paramref name="cancellationToken"/> fires (the call then throws OperationCanceledException).</summary>
    public DuckDbDataReader ExecuteReader(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var connection = OpenConnection();
        var completed = StatementCompleted;
        var execution = new CommandExecution(connection, Script(), Parameters, CommandTimeout, cancellationToken,
            completed is null ? null : e => completed(this, e));
        return new DuckDbDataReader(connection, execution, behavior);
    }

    // DuckDB calls block their thread; the async forms move them off the caller's thread so that a server
    // handling many requests does not stall its thread pool workers on native calls.
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        Task.Run(() => ExecuteNonQuery(cancellationToken), cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
        Task.Run(() => ExecuteScalar(cancellationToken), cancellationToken);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Task.Run(() => ExecuteReader(behavior, cancellationToken), cancellationToken).ConfigureAwait(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ForgetScript();
        }

        base.Dispose(disposing);
    }

    private DuckDbConnection OpenConnection()
    {
        var connection = _connection ?? throw new InvalidOperationException("The command has no connection.");
        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The command's connection is not open.");
        }

        if (Transaction is not null && !ReferenceEquals(Transaction.Connection, connection))
        {
            throw new InvalidOperationException("The command's transaction belongs to another connection, or has already finished.");
        }

        return connection;
    }

    private PreparedScript Script()
    {
        var handle = OpenConnection().Handle;
        if (_script is not null && !ReferenceEquals(_script.Connection, handle))
        {
            ForgetScript();
        }

        return _script ??= PreparedScript.Parse(handle, _commandText);
    }

    private void ForgetScript()
    {
        _script?.Dispose();
        _script = null;
    }
}
