using System.Text;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Extract;

/// <summary>Extraction from real SQLite files and CSV files into DuckDB staging tables.</summary>
public sealed class ExtractorTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Sqlite_table_streams_into_staging_with_batch_id_and_source_key()
    {
        var source = SqliteSource("wealth", ("clients", "client_id", "updated_at"));
        Sqlite(source, """
            CREATE TABLE clients (client_id TEXT PRIMARY KEY, client_name TEXT, amount NUMERIC, visits INTEGER, updated_at TEXT);
            INSERT INTO clients VALUES ('C1', '張 三', 1234.5, 3, '2026-06-01 10:00:00'), ('C2', NULL, NULL, NULL, '2026-06-02 11:00:00');
            """);
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var extracts = await Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 7);

        Assert.That(extracts.Single().Rows, Is.EqualTo(2));
        Assert.That(extracts.Single().Watermark, Is.EqualTo("2026-06-02 11:00:00"));
        var connection = holder;
        Assert.That(connection.Scalar("SELECT string_agg(source_key || ':' || coalesce(client_name, 'NULL'), ',' ORDER BY source_key) FROM staging.wealth_clients WHERE batch_id = 7"),
            Is.EqualTo("C1:張 三,C2:NULL"));
        Assert.That(connection.Scalar("SELECT visits FROM staging.wealth_clients WHERE source_key = 'C1'"), Is.EqualTo(3L));
    }

    [Test]
    public async Task Watermark_limits_an_incremental_extract_to_changed_rows()
    {
        var source = SqliteSource("wealth", ("clients", "client_id", "updated_at"));
        Sqlite(source, """
            CREATE TABLE clients (client_id TEXT, updated_at TEXT);
            INSERT INTO clients VALUES ('old', '2026-06-01 00:00:00'), ('edge', '2026-06-02 00:00:00'), ('new', '2026-06-03 00:00:00');
            """);
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var watermarks = new Dictionary<(string, string), string> { [("wealth", "clients")] = "2026-06-02 00:00:00" };
        var extracts = await Extract(db, [source], watermarks, batchId: 2);
        Assert.That(extracts.Single().Rows, Is.EqualTo(2), "rows at or after the watermark");
        Assert.That(extracts.Single().Watermark, Is.EqualTo("2026-06-03 00:00:00"));

        var full = await Extract(db, [source], watermarks, batchId: 3, full: true);
        Assert.That(full.Single().Rows, Is.EqualTo(3), "--full ignores the watermark");
    }

    [Test]
    public async Task Future_dated_rows_are_extracted_but_do_not_move_the_watermark()
    {
        var source = SqliteSource("core", ("transactions", "txn_id", "updated_at"));
        Sqlite(source, """
            CREATE TABLE transactions (txn_id TEXT, updated_at TEXT);
            INSERT INTO transactions VALUES ('a', '2026-06-30 09:00:00'), ('b', '2026-06-30 18:00:00'), ('typo', '2028-12-15 17:25:11');
            """);
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var businessDayEnd = new DateTime(2026, 7, 1);
        var first = await Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1, changedBefore: businessDayEnd);
        Assert.That(first.Single().Rows, Is.EqualTo(3), "the future-dated row is read (the load rejects it)");
        Assert.That(first.Single().Watermark, Is.EqualTo("2026-06-30 18:00:00"), "but it does not move the watermark");

        Sqlite(source, "INSERT INTO transactions VALUES ('next_day', '2026-07-01 10:00:00');");
        var next = await Extract(db, [source], new Dictionary<(string, string), string> { [("core", "transactions")] = first.Single().Watermark! },
            batchId: 2, changedBefore: businessDayEnd.AddDays(1));
        var connection = holder;
        Assert.That(connection.Scalar("SELECT string_agg(source_key, ',' ORDER BY source_key) FROM staging.core_transactions WHERE batch_id = 2"),
            Is.EqualTo("b,next_day,typo"), "the next day's row is not lost behind the future-dated one");
        Assert.That(next.Single().Watermark, Is.EqualTo("2026-07-01 10:00:00"));
    }

    [Test]
    public async Task A_stored_watermark_in_the_future_is_not_trusted_and_the_table_is_read_whole()
    {
        var source = SqliteSource("core", ("transactions", "txn_id", "updated_at"));
        Sqlite(source, """
            CREATE TABLE transactions (txn_id TEXT, updated_at TEXT);
            INSERT INTO transactions VALUES ('a', '2026-06-30 09:00:00'), ('b', '2026-07-01 10:00:00');
            """);
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var stuck = new Dictionary<(string, string), string> { [("core", "transactions")] = "2028-12-15 17:25:11" };
        var extracts = await Extract(db, [source], stuck, batchId: 1, changedBefore: new DateTime(2026, 7, 2));
        Assert.That(extracts.Single().Rows, Is.EqualTo(2));
        Assert.That(extracts.Single().Watermark, Is.EqualTo("2026-07-01 10:00:00"));
    }

    [Test]
    public async Task Gb18030_csv_with_composite_key_reads_as_text_and_empty_fields_as_null()
    {
        var directory = Path.Combine(_directory, "csv");
        Directory.CreateDirectory(directory);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllTextAsync(Path.Combine(directory, "legacy.csv"), "账号,开户日期,户名,余额\nA1,2019/03/05,王五,100.50\nA1,20200105,,\n", Encoding.GetEncoding("gb18030"));
        var source = new SourceOptions
        {
            Name = "reference", Provider = SourceProvider.Csv, Directory = directory, Encoding = "gb18030",
            Tables = [new SourceTableOptions { Name = "legacy", Key = "账号,开户日期" }],
        };
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var extracts = await Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1);
        Assert.That(extracts.Single().Rows, Is.EqualTo(2));
        var connection = holder;
        Assert.That(connection.Scalar("SELECT 户名 FROM staging.reference_legacy WHERE source_key = 'A1|2019/03/05'"), Is.EqualTo("王五"));
        Assert.That(connection.Scalar("SELECT count(*) FROM staging.reference_legacy WHERE 户名 IS NULL AND 余额 IS NULL"), Is.EqualTo(1L));
    }

    [Test]
    public void Ragged_csv_row_names_file_and_line()
    {
        File.WriteAllText(Path.Combine(_directory, "branches.csv"), "code,name\nB1,长沙\nB2,株洲,extra\n");
        var source = new SourceOptions { Name = "reference", Provider = SourceProvider.Csv, Directory = _directory, Tables = [new SourceTableOptions { Name = "branches", Key = "code" }] };
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var error = Assert.ThrowsAsync<SourceFileException>(() => Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1))!;
        Assert.That((error.Line, error.Column), Is.EqualTo((3L, 3)), error.Message);
        Assert.That(error.Message, Does.Contain("branches.csv, line 3, column 3: 3 fields where the header has 2; the first extra one is field 3"));
    }

    [Test]
    public void Unterminated_quote_is_reported_where_it_opens_not_at_the_end_of_the_file()
    {
        var rows = Enumerable.Range(1, 40).Select(i => $"B{i},name {i},city {i}").ToList();
        rows[4] = "B5,\"name 5,city 5";
        File.WriteAllText(Path.Combine(_directory, "branches.csv"), "code,name,city\n" + string.Join('\n', rows) + "\n");
        var source = new SourceOptions { Name = "reference", Provider = SourceProvider.Csv, Directory = _directory, Tables = [new SourceTableOptions { Name = "branches", Key = "code" }] };
        using var db = new TempDatabase();
        using var holder = db.Open();
        var error = Assert.ThrowsAsync<SourceFileException>(() => Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1))!;
        Assert.That((error.Line, error.Column), Is.EqualTo((6L, 4)), error.Message);
        Assert.That(error.Message, Does.Contain("a quoted field opened on line 6 (column 4) is probably not closed"));
    }

    [Test]
    public void Unreachable_source_is_retried_then_reported_by_name()
    {
        var source = new SourceOptions
        {
            Name = "core", Provider = SourceProvider.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=1",
            Tables = [new SourceTableOptions { Name = "customers", Key = "cust_no" }],
        };
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var retries = new RetryPolicy(3, TimeSpan.FromMilliseconds(10));
        var error = Assert.ThrowsAsync<SourceUnavailableException>(() => Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1, retry: retries))!;
        Assert.That(error.Message, Does.Contain("'core'").And.Contain("after 3 attempts").And.Contain("127.0.0.1:1, database z"));
        Assert.That(error.Message, Does.Not.Contain("Password").And.Not.Contain("=y"));
    }

    [Test]
    public void Missing_sqlite_file_is_named_in_the_error()
    {
        var missing = Path.Combine(_directory, "no_such_system.db");
        var source = new SourceOptions
        {
            Name = "wealth", Provider = SourceProvider.Sqlite,
            ConnectionString = $"Data Source={missing};Mode=ReadOnly",
            Tables = [new SourceTableOptions { Name = "clients", Key = "client_id" }],
        };
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var retries = new RetryPolicy(2, TimeSpan.FromMilliseconds(10));
        var error = Assert.ThrowsAsync<SourceUnavailableException>(() => Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1, retry: retries))!;
        Assert.That(error.Message, Does.Contain($"file {missing}"));
    }

    [Test]
    public void Missing_key_column_is_named()
    {
        var source = SqliteSource("wealth", ("clients", "no_such_key", ""));
        Sqlite(source, "CREATE TABLE clients (client_id TEXT); INSERT INTO clients VALUES ('C1');");
        using var db = new TempDatabase();
        using var holder = db.Open(); // staging is in memory: it lives while a connection to the file is open
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Extract(db, [source], new Dictionary<(string, string), string>(), batchId: 1))!;
        Assert.That(error.Message, Does.Contain("no_such_key").And.Contain("client_id"));
    }

    private SourceOptions SqliteSource(string name, (string Table, string Key, string Change) table) => new()
    {
        Name = name,
        Provider = SourceProvider.Sqlite,
        ConnectionString = $"Data Source={Path.Combine(_directory, name + ".db")};Pooling=false",
        Tables = [new SourceTableOptions { Name = table.Table, Key = table.Key, ChangeColumn = table.Change }],
    };

    private static void Sqlite(SourceOptions source, string sql)
    {
        using var connection = new SqliteConnection(source.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Task<IReadOnlyList<TableExtract>> Extract(
        TempDatabase db, IReadOnlyList<SourceOptions> sources, IReadOnlyDictionary<(string, string), string> watermarks,
        long batchId, bool full = false, RetryPolicy? retry = null, DateTime? changedBefore = null)
    {
        var extractor = new Extractor(db.ConnectionString, retry ?? RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        return extractor.ExtractAsync(sources, watermarks, full, batchId, changedBefore ?? DateTime.MaxValue, progress: null, CancellationToken.None);
    }
}
