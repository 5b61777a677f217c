using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// Where a stage's memory went at its highest: DuckDB's buffer pool (and its biggest users then, "TAG MB, …"), the most
/// it had spilled, the .NET heap.
/// </summary>
internal sealed record MemoryPeak(long DuckDbBytes, string TopTags, long SpilledBytes, long ManagedBytes)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"pool {DuckDbBytes / 1e6:0} MB ({TopTags}), spilled {SpilledBytes / 1e6:0} MB, .NET heap {ManagedBytes / 1e6:0} MB");
}

/// <summary>
/// Samples DuckDB's own account of its memory (<c>duckdb_memory()</c>: bytes per tag held in the buffer pool, and what
/// was spilled to the temp directory) every second on a connection of its own to the same database, and the .NET GC
/// heap, keeping the highest per stage. Set beside <see cref="RssSampler"/>, it tells memory DuckDB accounts for (and can
/// spill) from memory it does not: what RSS holds above both is native memory outside the buffer pool.
/// </summary>
internal sealed class DuckDbMemorySampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, MemoryPeak> _peaks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _connectionString;
    private readonly Thread _thread;
    private string _stage;

    public DuckDbMemorySampler(string connectionString, string firstStage)
    {
        _connectionString = connectionString;
        _stage = firstStage;
        _thread = new Thread(Sample) { IsBackground = true, Name = "duckdb-memory-sampler" };
        _thread.Start();
    }

    public string Stage
    {
        set
        {
            lock (_gate)
            {
                _stage = value;
            }
        }
    }

    public IReadOnlyDictionary<string, MemoryPeak> Peaks
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, MemoryPeak>(_peaks, StringComparer.Ordinal);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        DuckDBConnection? connection = null;
        try
        {
            while (!_stop.Token.WaitHandle.WaitOne(Interval))
            {
                try
                {
                    // The batch opens (and creates) the database: joining it before then would open it with no schema.
                    connection ??= Open();
                    Record(connection);
                }
                catch (DuckDBException)
                {
                    // Between the batch's connection closing and the process ending there is nothing to sample.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Record(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sum(memory_usage_bytes)::BIGINT,
                   string_agg(tag || ' ' || round(memory_usage_bytes / 1e6)::BIGINT, ', ' ORDER BY memory_usage_bytes DESC)
                       FILTER (memory_usage_bytes >= 1e6),
                   sum(temporary_storage_bytes)::BIGINT
            FROM duckdb_memory()
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var sample = new MemoryPeak(reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetInt64(2), GC.GetGCMemoryInfo().HeapSizeBytes);
        lock (_gate)
        {
            _peaks[_stage] = _peaks.TryGetValue(_stage, out var peak) ? Higher(peak, sample) : sample;
        }
    }

    private static MemoryPeak Higher(MemoryPeak a, MemoryPeak b) => new(
        Math.Max(a.DuckDbBytes, b.DuckDbBytes),
        a.DuckDbBytes >= b.DuckDbBytes ? a.TopTags : b.TopTags,
        Math.Max(a.SpilledBytes, b.SpilledBytes),
        Math.Max(a.ManagedBytes, b.ManagedBytes));
}
