using System.Threading.Channels;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Writes <c>audit.query_log</c> off the request path, for every door: <see cref="Record"/> only queues (a bounded
/// channel; it never waits), one writer appends what has queued in batches on its own connection, and disposing drains
/// the queue. Modelled on Serilog's BatchingSink. A failed write is retried with a growing delay, then the batch is
/// dropped and the count logged: the audit must not take the service down.
/// </summary>
public sealed partial class QueryAudit : IAsyncDisposable
{
    private const int BatchSize = 1_000;
    private const int Attempts = 4;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Channel<object> _queue;
    private readonly Task _writer;
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
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Completes when every record queued before the call has been written (or dropped after its retries).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(flushed) ? flushed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _connection?.Dispose();
    }

    private async Task WriteAsync()
    {
        var batch = new List<QueryRecord>(BatchSize);
        var waiting = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                if (item is QueryRecord record)
                {
                    batch.Add(record);
                }
                else
                {
                    waiting.Add((TaskCompletionSource)item);
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

    private async Task WriteWithRetriesAsync(List<QueryRecord> batch)
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

    private void Append(List<QueryRecord> batch)
    {
        if (_connection is null)
        {
            _connection = new DuckDBConnection(_connectionString);
            _connection.Open();
        }

        using var appender = _connection.CreateAppender("audit", "query_log");
        foreach (var r in batch)
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
