using System.Threading.Channels;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Writes <c>audit.query_log</c> (and failed sign-ins, <c>audit.sign_in_failure</c>) off the request path, for every door: <see cref="Record(QueryRecord)"/> only queues (a bounded
/// channel; it never waits), one writer appends what has queued in batches on its own connection, and disposing drains
/// the queue. Modelled on Serilog's BatchingSink: once a record arrives the writer waits up to <see cref="Period"/> for
/// others to join it (cut short by a full batch, a flush or the end), so that a busy service commits the log a few
/// times a second instead of once per query (each commit is a write-ahead-log write on the warehouse's disk, beside
/// the queries). A failed write is retried with a growing delay, then the batch is dropped and the count logged: the
/// audit must not take the service down.
/// </summary>
public sealed partial class QueryAudit : IAsyncDisposable
{
    private const int BatchSize = 1_000;
    private const int Attempts = 4;

    /// <summary>How long a record waits for others before they are written together.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Channel<object> _queue;
    private readonly Task _writer;
    private readonly SemaphoreSlim _wake = new(0);
    private DuckDBConnection? _connection;
    private long _dropped;

    /// <param name="connectionString">The warehouse the log is written into.</param>
    /// <param name="logger">Where failed writes are told; never a record's content.</param>
    /// <param name="capacity">Records that may wait; past that a record is dropped and counted (a log warning says how many).</param>
    public QueryAudit(string connectionString, ILogger<QueryAudit>? logger = null, int capacity = 50_000)
    {
        _connectionString = connectionString;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Queues one record; returns at once.</summary>
    public void Record(QueryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Queue(record);
    }

    /// <summary>Queues one failed sign-in (<c>audit.sign_in_failure</c>); returns at once.</summary>
    public void Record(SignInFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Queue(failure);
    }

    private void Queue(object record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
        else if (_queue.Reader.Count == BatchSize)
        {
            _wake.Release();
        }
    }

    /// <summary>Completes when every record queued before the call has been written (or dropped after its retries).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(flushed))
        {
            return Task.CompletedTask;
        }

        _wake.Release();
        return flushed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _wake.Release();
        await _writer.ConfigureAwait(false);
        _connection?.Dispose();
        _wake.Dispose();
    }

    private async Task WriteAsync()
    {
        var batch = new List<object>(BatchSize);
        var waiting = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // A wake-up left over from a batch already written only makes this one shorter.
            await _wake.WaitAsync(Period).ConfigureAwait(false);
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                if (item is TaskCompletionSource flushed)
                {
                    waiting.Add(flushed);
                }
                else
                {
                    batch.Add(item);
                }
            }

            await WriteWithRetriesAsync(batch).ConfigureAwait(false);
            waiting.ForEach(w => w.TrySetResult());
            batch.Clear();
            waiting.Clear();
            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                LogDropped(dropped);
            }
        }
    }

    private async Task WriteWithRetriesAsync(List<object> batch)
    {
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            try
            {
                Append(batch);
                return;
            }
            catch (Exception e) when (attempt < Attempts)
            {
                LogRetrying(batch.Count, attempt, e.GetType().Name);
                _connection?.Dispose();
                _connection = null;
                await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogLost(batch.Count, e.GetType().Name);
                return;
            }
        }
    }

    private void Append(List<object> batch)
    {
        if (_connection is null)
        {
            _connection = new DuckDBConnection(_connectionString);
            _connection.Open();
        }

        AppendQueries(batch.OfType<QueryRecord>());
        AppendFailures(batch.OfType<SignInFailure>());
    }

    private void AppendFailures(IEnumerable<SignInFailure> failures)
    {
        if (!failures.Any())
        {
            return;
        }

        using var appender = _connection!.CreateAppender("audit", "sign_in_failure");
        foreach (var f in failures)
        {
            appender.CreateRow()
                .AppendValue(f.At)
                .AppendValue(f.Door)
                .AppendValue(f.UserName)
                .AppendValue(f.ClientAddress)
                .AppendValue(f.Method)
                .AppendValue(f.Reason)
                .EndRow();
        }
    }

    private void AppendQueries(IEnumerable<QueryRecord> records)
    {
        if (!records.Any())
        {
            return;
        }

        using var appender = _connection!.CreateAppender("audit", "query_log");
        foreach (var r in records)
        {
            appender.CreateRow()
                .AppendValue(r.At)
                .AppendValue(r.User)
                .AppendValue(r.Role)
                .AppendValue(r.Door)
                .AppendValue(r.ClientAddress)
                .AppendValue(r.Sql)
                .AppendValue(r.ParametersHash)
                .AppendValue(r.Relations)
                .AppendValue(r.Rows)
                .AppendValue(r.DurationMs)
                .AppendValue(r.Outcome.ToString().ToLowerInvariant())
                .AppendValue(r.Reason)
                .EndRow();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query audit: {Count} records could not be written (attempt {Attempt}, {ErrorType}); retrying")]
    private partial void LogRetrying(int count, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Query audit: {Count} records were lost after retries ({ErrorType})")]
    private partial void LogLost(int count, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Query audit: {Count} records were dropped because the queue was full")]
    private partial void LogDropped(long count);
}
