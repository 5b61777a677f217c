using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Sandbox;

namespace CrmWarehouse.Tests.Warehouse;

/// <summary>DuckDB's own sandbox as the serving process locks it: files, extensions and settings out of reach.</summary>
public sealed class SandboxTests
{
    private TempDatabase _database = null!;
    private DuckDbConnection _connection = null!;
    private string _allowed = null!;
    private string _outside = null!;

    [SetUp]
    public void LockANewWarehouse()
    {
        _database = new TempDatabase();
        _allowed = Directory.CreateTempSubdirectory("crmw-allowed-").FullName;
        _outside = Directory.CreateTempSubdirectory("crmw-outside-").FullName;
        File.WriteAllText(Path.Combine(_allowed, "ok.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(_outside, "secret.csv"), "password\nhunter2\n");
        _connection = _database.Open();
        _connection.Exec("CREATE TABLE t AS SELECT 42 AS answer");
        WarehouseSandbox.Lock(_connection, [_allowed]);
    }

    [TearDown]
    public void Close()
    {
        _connection.Dispose();
        _database.Dispose();
        Directory.Delete(_allowed, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [TestCase("SELECT * FROM read_csv('{outside}/secret.csv')")]
    [TestCase("SELECT * FROM main.read_csv('{outside}/secret.csv')")]
    [TestCase("SELECT * FROM system.main.read_csv_auto('{outside}/secret.csv')")]
    [TestCase("SELECT * FROM '{outside}/secret.csv'")]
    [TestCase("SELECT * FROM read_text('/etc/passwd')")]
    [TestCase("SELECT * FROM glob('/root/*')")]
    [TestCase("SELECT * FROM read_csv('{allowed}/../{outsideName}/secret.csv')")]
    [TestCase("COPY t TO '{outside}/dump.csv'")]
    [TestCase("ATTACH '{outside}/other.duckdb' AS other")]
    [TestCase("EXPORT DATABASE '{outside}/export'")]
    public void Refuses_a_file_outside_the_allowed_directories(string sql)
    {
        var error = Assert.Throws<DuckDbException>(() => _connection.Exec(Fill(sql)))!;
        Assert.That(error.ErrorType, Is.EqualTo(DuckDbErrorType.Permission), error.Message);
        Assert.That(Directory.GetFileSystemEntries(_outside), Is.EqualTo(new[] { Path.Combine(_outside, "secret.csv") }), "nothing was written outside");
    }

    [Test]
    public void Reads_a_file_inside_an_allowed_directory()
    {
        Assert.That(_connection.Scalar($"SELECT b FROM read_csv('{_allowed}/ok.csv')"), Is.EqualTo(2));
    }

    [TestCase("SET enable_external_access = true")]
    [TestCase("SET GLOBAL allowed_directories = ['/']")]
    [TestCase("RESET lock_configuration")]
    [TestCase("SET autoload_known_extensions = true")]
    [TestCase("PRAGMA threads = 1")]
    public void Refuses_to_change_a_setting(string sql)
    {
        var error = Assert.Throws<DuckDbException>(() => _connection.Exec(sql))!;
        Assert.That(error.Message, Does.Contain("locked").Or.Contain("disabled by configuration"));
        Assert.That(WarehouseSandbox.IsLocked(_connection), Is.True);
    }

    [TestCase("SELECT * FROM sqlite_scan('{outside}/x.db', 't')", DuckDbErrorType.Catalog)]
    [TestCase("INSTALL httpfs", DuckDbErrorType.Permission)]
    [TestCase("LOAD postgres_scanner", DuckDbErrorType.Permission)]
    public void Does_not_install_or_load_extensions(string sql, DuckDbErrorType expected)
    {
        var error = Assert.Throws<DuckDbException>(() => _connection.Exec(Fill(sql)))!;
        Assert.That(error.ErrorType, Is.EqualTo(expected), error.Message);
        Assert.That(_connection.Scalar("SELECT count(*) FROM duckdb_functions() WHERE function_name IN ('sqlite_scan', 'postgres_scan', 'read_parquet_http')"), Is.Zero);
    }

    [Test]
    public void Locks_every_connection_to_the_file_until_the_last_one_closes()
    {
        using (var other = _database.Open())
        {
            Assert.That(WarehouseSandbox.IsLocked(other), Is.True);
            Assert.That(() => other.Exec($"SELECT * FROM read_csv('{_outside}/secret.csv')"), Throws.InstanceOf<DuckDbException>());
        }

        _connection.Dispose();
        using var reopened = _database.Open();
        Assert.That(WarehouseSandbox.IsLocked(reopened), Is.False, "a holder connection is what keeps a serving database locked");
    }

    [Test]
    public void Leaves_the_warehouse_writable_with_staging_checkpoints_and_spilling()
    {
        _connection.Exec("ATTACH IF NOT EXISTS ':memory:' AS staging");
        _connection.Exec("CREATE TABLE staging.rows AS SELECT range AS id FROM range(1000)");
        _connection.Exec("INSERT INTO t SELECT id FROM staging.rows");
        _connection.Exec("CHECKPOINT");
        Assert.That(_connection.Scalar("SELECT count(*) FROM t"), Is.EqualTo(1001));
    }

    private string Fill(string sql) => sql
        .Replace("{outside}", _outside, StringComparison.Ordinal)
        .Replace("{outsideName}", Path.GetFileName(_outside), StringComparison.Ordinal)
        .Replace("{allowed}", _allowed, StringComparison.Ordinal)
        .Replace("{database}", _database.Path, StringComparison.Ordinal);
}
