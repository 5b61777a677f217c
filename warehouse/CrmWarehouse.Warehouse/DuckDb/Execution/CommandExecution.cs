using System.Diagnostics;

namespace CrmWarehouse.Warehouse.DuckDb.Execution;

/// <summary>
/// One run of a command's script: executes its statements in order, binding the command's parameters, and turns
/// an interrupt caused by cancellation or the command timeout into the matching exception.
/// </summary>
internal sealed class CommandExecution : IDisposable
{
    private readonly PreparedScript _script;
    private readonly DuckDbParameterCollection _parameters;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource? _timeout;
    private readonly int _timeoutSeconds;
    private readonly CancellationTokenRegistration _cancelRegistration;
    private readonly CancellationTokenRegistration _timeoutRegistration;
    private readonly Action<DuckDbStatementCompletedEventArgs>? _completed;
    private int _next;

    public CommandExecution(DuckDbConnection connection, PreparedScript script, DuckDbParameterCollection parameters, int timeoutSeconds, CancellationToken cancellationToken,
        Action<DuckDbStatementCompletedEventArgs>? completed = null)
    {
        _script = script;
        _completed = completed;
        _parameters = parameters;
        _cancellationToken = cancellationToken;
        _timeoutSeconds = timeoutSeconds;
        cancellationToken.ThrowIfCancellationRequested();
        _cancelRegistration = cancellationToken.Register(static c => ((DuckDbConnection)c!).Interrupt(), connection);
        if (timeoutSeconds > 0)
        {
            _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
            _timeoutRegistration = _timeout.Token.Register(static c => ((DuckDbConnection)c!).Interrupt(), connection);
        }
    }

    public bool HasMoreStatements => _next < _script.Count;

    /// <summary>Runs the next statement and returns its result. In a script, an error names the statement at fault.</summary>
    public QueryResult ExecuteNext()
    {
        var number = ++_next;
        try
        {
            var statement = _script.Get(number - 1);
            statement.Bind(_parameters);
            if (_completed is null)
            {
                return Guard(statement.Execute);
            }

            var started = Stopwatch.GetTimestamp();
            var result = Guard(statement.Execute);
            _completed(new DuckDbStatementCompletedEventArgs(number, _script.Count, Stopwatch.GetElapsedTime(started)));
            return result;
        }
        catch (DuckDbException e) when (_script.Count > 1 && e.ErrorType != DuckDbErrorType.Interrupt)
        {
            throw new DuckDbException($"Statement {number} of {_script.Count}: {e.Message}", e.ErrorType, e);
        }
    }

    /// <summary>Runs a native step of this execution, translating an interrupt into cancellation or timeout.</summary>
    public T Guard<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (DuckDbException e) when (e.ErrorType == DuckDbErrorType.Interrupt)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The query was cancelled and DuckDB interrupted it.", e, _cancellationToken);
            }

            if (_timeout is { IsCancellationRequested: true })
            {
                throw new DuckDbException($"The command timed out after {_timeoutSeconds} s and DuckDB interrupted it.", DuckDbErrorType.Interrupt, e);
            }

            throw;
        }
    }

    public void Dispose()
    {
        _cancelRegistration.Dispose();
        _timeoutRegistration.Dispose();
        _timeout?.Dispose();
    }
}
