using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Batch;

/// <summary>Batch semantics: one transaction publishes data, reconciliation, watermarks and the batch row, or nothing.</summary>
public sealed class BatchRunnerTests
{
    private string _directory = null!;
    private TempDatabase _warehouse = null!;
    private SourceOptions _source = null!;

    [SetUp]
    public void CreateSource()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _warehouse = new TempDatabase();
        _source = new SourceOptions
        {
            Name = "wealth",
            Provider = SourceProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(_directory, "wealth.db")};Pooling=false",
            Tables = [new SourceTableOptions { Name = "clients", Key = "client_id", ChangeColumn = "updated_at" }],
        };
        Sqlite("CREATE TABLE clients (client_id TEXT, client_name TEXT, updated_at TEXT); INSERT INTO clients VALUES ('C1', '张三', '2026-06-01 00:00:00'), ('C2', '李四', '2026-06-02 00:00:00')");
    }

    [TearDown]
    public void Remove()
    {
        _warehouse.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Published_batch_records_reconciliation_watermark_and_its_row()
    {
        var result = await Runner(new CopyClients()).RunAsync(new BatchRequest(Full: false, "test"), null, CancellationToken.None);

        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM main.clients_loaded"), Is.EqualTo(2L));
        Assert.That(connection.Scalar("SELECT extracted || '=' || loaded || '+' || rejected || '+' || merged_duplicates FROM audit.reconciliation WHERE batch_id = $1", result.BatchId), Is.EqualTo("2=2+0+0"));
        Assert.That(connection.Scalar("SELECT value FROM audit.watermark WHERE source = 'wealth' AND table_name = 'clients'"), Is.EqualTo("2026-06-02 00:00:00"));
        Assert.That(connection.Scalar("SELECT status FROM audit.batch WHERE batch_id = $1", result.BatchId), Is.EqualTo("published"));
        Assert.That(connection.Scalar("SELECT stage_rows['extract'] FROM audit.batch WHERE batch_id = $1", result.BatchId), Is.EqualTo(2L));
        Assert.That(result.StageSeconds.Keys, Is.SupersetOf(new[] { "extract", "copy", "publish" }));
    }

    [Test]
    public async Task Failing_stage_publishes_nothing_and_keeps_the_previous_night()
    {
        await Runner(new CopyClients()).RunAsync(new BatchRequest(false, "night 1"), null, CancellationToken.None);
        Sqlite("INSERT INTO clients VALUES ('C3', '王五', '2026-06-03 00:00:00')");

        var error = Assert.ThrowsAsync<DuckDB.NET.Data.DuckDBException>(() => Runner(new CopyClients(), new FailAfterWriting()).RunAsync(new BatchRequest(false, "night 2"), null, CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain("Conversion"));

        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM main.clients_loaded"), Is.EqualTo(2L), "night 1's data only");
        Assert.That(connection.Scalar("SELECT value FROM audit.watermark"), Is.EqualTo("2026-06-02 00:00:00"), "watermark did not move");
        Assert.That(connection.Scalar("SELECT string_agg(status, ',' ORDER BY batch_id) FROM audit.batch"), Is.EqualTo("published,failed"));
        Assert.That(connection.Scalar("SELECT error FROM audit.batch WHERE status = 'failed'"), Does.Contain("Conversion").And.Not.Contain("王五"), "the reason, without personal data");
    }

    [Test]
    public void Out_of_memory_fails_the_batch_and_says_which_limit_to_raise()
    {
        var error = Assert.ThrowsAsync<DuckDB.NET.Data.DuckDBException>(() => Runner(new CopyClients(), new RunOutOfMemory()).RunAsync(new BatchRequest(false, "night"), null, CancellationToken.None))!;

        var advice = ResourceAdvice.Explain(error);
        Assert.That(advice, Does.StartWith("Out of Memory Error").And.Contain("CRMW_Warehouse__MemoryLimit=").And.Not.Contain("SET memory_limit"), advice);
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT error FROM audit.batch WHERE status = 'failed'"), Does.Contain("Warehouse:MemoryLimit"));
        Assert.That(ResourceAdvice.Explain(new InvalidOperationException("Out of Memory Error: not DuckDB's")), Is.Null);
    }

    [Test]
    public void Out_of_disk_says_where_the_spill_goes_and_how_to_move_it_without_the_path()
    {
        var error = new DuckDbScriptException(
            "IO Error: Could not write file \"/srv/bank/data/warehouse.duckdb.tmp/duckdb_temp_storage_S32K-2.tmp\": No space left on device", DuckDB.NET.Native.DuckDBErrorType.Io);

        var advice = ResourceAdvice.Explain(error);
        Assert.That(advice, Does.Contain("writing duckdb_temp_storage_S32K-2.tmp").And.Contain("Warehouse:TempDirectory").And.Contain("CRMW_Warehouse__TempDirectory=").And.Not.Contain("/srv/bank"), advice);
        Assert.That(BatchFailure.Describe(error), Does.Contain("Warehouse:TempDirectory"));
        Assert.That(ResourceAdvice.Explain(new DuckDbScriptException("IO Error: Could not read file \"x\": Input/output error", DuckDB.NET.Native.DuckDBErrorType.Io)), Is.Null, "another disk error is DuckDB's own to tell");
    }

    [Test]
    public async Task A_reader_writing_when_the_batch_ends_leaves_the_published_batch_published()
    {
        // In a serving process every query writes its audit row in a transaction that has looked at every attached
        // database (staging included); DuckDB refuses to checkpoint staging while such a transaction is open, which must
        // not turn a batch that has committed into a failed one.
        using (var setup = _warehouse.Open())
        {
            setup.Execute("CREATE TABLE main.reader_audit (query_id INTEGER)", CancellationToken.None);
        }

        using var reader = _warehouse.Open();
        var writing = new ReaderWrites(reader);
        var result = await Runner(new CopyClients(), writing).RunAsync(new BatchRequest(Full: false, "test"), null, CancellationToken.None);
        writing.Transaction!.Commit();

        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT string_agg(status, ',') FROM audit.batch"), Is.EqualTo("published"));
        Assert.That(connection.Scalar("SELECT count(*) FROM main.clients_loaded"), Is.EqualTo(2L));
        Assert.That(result.BatchId, Is.GreaterThan(0));
    }

    [Test]
    public async Task After_the_batch_staging_gives_its_disk_space_back()
    {
        var staging = Path.Combine(_warehouse.Path + ".tmp", "staging.duckdb");
        var filled = new FillsPrepared();
        await Runner(new CopyClients(), filled).RunAsync(new BatchRequest(false, "night"), null, CancellationToken.None);

        Assert.That(filled.StagingBytes, Is.GreaterThan(20_000_000), "the stage wrote tens of MB into staging.prepared");
        Assert.That(new FileInfo(staging).Length, Is.LessThan(2_000_000), "the file is cut back once the batch is over");
    }

    [Test]
    public void Rows_not_accounted_for_fail_the_batch()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Runner(new CopyClients(accountLoaded: false)).RunAsync(new BatchRequest(false, "test"), null, CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain("wealth.clients (extracted 2, loaded 0"));
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM audit.reconciliation"), Is.EqualTo(0L));
    }

    [Test]
    public void Unreachable_source_fails_the_batch_cleanly()
    {
        _source.Provider = SourceProvider.Postgres;
        _source.ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=1";
        Assert.ThrowsAsync<SourceUnavailableException>(() => Runner(new CopyClients()).RunAsync(new BatchRequest(false, "test"), null, CancellationToken.None));
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT error FROM audit.batch"), Does.Contain("SourceUnavailableException").And.Contain("wealth"));
    }

    [Test]
    public async Task Two_batches_never_run_at_once()
    {
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var first = Task.Run(() => Runner(new WaitFor(gate.Task, started), new CopyClients()).RunAsync(new BatchRequest(false, "first"), null, CancellationToken.None));
        await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.ThrowsAsync<BatchAlreadyRunningException>(() => Runner(new CopyClients()).RunAsync(new BatchRequest(false, "second"), null, CancellationToken.None));
        gate.SetResult();
        await first;
    }

    private BatchRunner Runner(params IBatchStage[] stages) => new(
        new EtlOptions(_warehouse.ConnectionString, [_source], new ScheduleOptions { RetryAttempts = 2, RetryFirstDelaySeconds = 0.01 }),
        stages, TimeProvider.System, NullLogger<BatchRunner>.Instance);

    private void Sqlite(string sql)
    {
        using var connection = new SqliteConnection(_source.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Another connection that, during the batch, opens a transaction reading the catalogs of every attached
    /// database and writing a row, as a served query with its audit row does, and leaves it open.</summary>
    private sealed class ReaderWrites(DuckDB.NET.Data.DuckDBConnection reader) : IBatchStage
    {
        public string Name => "reader";

        public DuckDB.NET.Data.DuckDBTransaction? Transaction { get; private set; }

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            Transaction = reader.BeginTransaction();
            reader.Execute("SELECT count(*) FROM duckdb_tables(); SELECT count(*) FROM staging.wealth_clients; INSERT INTO main.reader_audit VALUES (1)", cancellationToken);
        }
    }

    /// <summary>A minimal load: staged clients into a table, each accounted as loaded.</summary>
    private sealed class CopyClients(bool accountLoaded = true) : IBatchStage
    {
        public string Name => "copy";

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            context.Warehouse.Exec("CREATE TABLE IF NOT EXISTS main.clients_loaded (client_id VARCHAR PRIMARY KEY, client_name VARCHAR)");
            var rows = context.Warehouse.Exec("INSERT OR REPLACE INTO main.clients_loaded SELECT client_id, client_name FROM staging.wealth_clients");
            if (accountLoaded)
            {
                context.Account("wealth", "clients", loaded: rows);
            }
        }
    }

    /// <summary>A prepare stage's worth of rows in staging.prepared (checkpointed, so the file holds them), and how big the file grew.</summary>
    private sealed class FillsPrepared : IBatchStage
    {
        public string Name => "fill";

        public long StagingBytes { get; private set; }

        public StagePhase Phase => StagePhase.Prepare;

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            context.Warehouse.Exec("CREATE TABLE staging.prepared.filler AS SELECT range AS n, md5(range::VARCHAR) AS s FROM range(2000000); CHECKPOINT staging");
            StagingBytes = Convert.ToInt64(context.Warehouse.Scalar("SELECT total_blocks * block_size FROM pragma_database_size() WHERE database_name = 'staging'"), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed class FailAfterWriting : IBatchStage
    {
        public string Name => "fail";

        /// <summary>Fails the way a bad cast fails, with DuckDB quoting the customer's name in its message.</summary>
        public void Run(BatchContext context, CancellationToken cancellationToken) =>
            context.Warehouse.Exec("SELECT CAST(client_name AS INTEGER) FROM staging.wealth_clients WHERE client_id = 'C3'");
    }

    /// <summary>Needs far more memory than the warehouse may use, in a step DuckDB cannot spill (one list of every row).</summary>
    private sealed class RunOutOfMemory : IBatchStage
    {
        public string Name => "memory";

        public void Run(BatchContext context, CancellationToken cancellationToken) =>
            context.Warehouse.Exec("SET memory_limit = '32MB'; SELECT length(list(range::VARCHAR || 'padding')) FROM range(20000000)");
    }

    /// <summary>A stage that says it has started (the batch is then surely running) and waits for the gate.</summary>
    private sealed class WaitFor(Task gate, TaskCompletionSource started) : IBatchStage
    {
        public string Name => "wait";

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            started.SetResult();
            gate.Wait(cancellationToken);
        }
    }
}
