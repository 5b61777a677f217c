using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Tests.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// The ODBC source kind against Debian's real drivers (unixODBC with psqlodbcw.so, libmaodbc.so, libsqlite3odbc.so),
/// each connected without a DSN (<c>Driver=/path/to/driver.so</c>): every table of a generated bank extracted once by
/// the native provider and once through ODBC must stage the same rows, value for value.
/// </summary>
[NonParallelizable]
public sealed class OdbcExtractTests
{
    private string _outDir = null!;
    private EtlOptions _options = null!;

    [OneTimeSetUp]
    public async Task Generate()
    {
        _outDir = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        // CRMW_ODBC_SCALE runs the reconciliation on a bigger bank, for the figures in README.
        var scale = double.Parse(Environment.GetEnvironmentVariable("CRMW_ODBC_SCALE") ?? "0.01", System.Globalization.CultureInfo.InvariantCulture);
        await BankGenerator.RunAsync(SmallBank.Settings(scale, seed: 13, outDir: _outDir), Targets.Parse("postgres,mariadb,sqlite", embedded: false),
            ThrowAwayServers.Settings, _ => { }, CancellationToken.None);
        _options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_outDir);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_outDir, recursive: true);

    [Test]
    public async Task Odbc_extract_of_postgres_equals_native_extract()
    {
        var postgres = ThrowAwayServers.Settings.Postgres;
        var native = Source("core").With(provider: SourceProvider.Postgres, connectionString: postgres.ConnectionString("core_banking"));
        var odbc = Odbc("psqlodbcw.so", SourceProvider.Postgres,
            $"Server=127.0.0.1;Port={postgres.Port};Database=core_banking;UID={postgres.User};PWD={postgres.Password}");
        await ReconcileAsync(native, odbc);
    }

    [Test]
    public async Task Odbc_extract_of_mariadb_equals_native_extract()
    {
        var maria = ThrowAwayServers.Settings.MariaDb;
        var native = Source("cards").With(provider: SourceProvider.MariaDb, connectionString: maria.ConnectionString("cards"));
        var odbc = Odbc("libmaodbc.so", SourceProvider.MariaDb,
            $"Server=127.0.0.1;Port={maria.Port};Database=cards;UID={maria.User};PWD={maria.Password}");
        await ReconcileAsync(native, odbc);
    }

    [Test]
    public async Task Odbc_extract_of_sqlite_equals_native_extract()
    {
        var native = Source("wealth");
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(native.ConnectionString).DataSource;
        await ReconcileAsync(native, Odbc("libsqlite3odbc.so", SourceProvider.Sqlite, $"Database={file}"));
    }

    [Test]
    public async Task Odbc_incremental_extract_takes_the_rows_at_or_after_the_watermark()
    {
        var native = Source("wealth");
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(native.ConnectionString).DataSource;
        var odbc = Odbc("libsqlite3odbc.so", SourceProvider.Sqlite, $"Database={file}");
        var maria = ThrowAwayServers.Settings.MariaDb;
        var cards = Odbc("libmaodbc.so", SourceProvider.MariaDb, $"Server=127.0.0.1;Port={maria.Port};Database=cards;UID={maria.User};PWD={maria.Password}", "cards");
        using var db = new TempDatabase();
        using var holder = db.Open();
        foreach (var (source, table) in new[] { (odbc, "clients"), (cards, "cardholders") })
        {
            var only = source.With();
            only.Tables = [source.Tables.Single(t => t.Name == table)];
            var full = (await Extract(db, only, null)).Single();
            var median = (string)holder.Scalar($"SELECT quantile_disc(updated_at, 0.5)::VARCHAR FROM staging.{only.Name}_{table}")!;
            var expected = Count(holder, $"SELECT count(*) FROM staging.{only.Name}_{table} WHERE updated_at::VARCHAR >= '{median}'");
            var since = (await Extract(db, only, median)).Single();
            Assert.That(since.Rows, Is.EqualTo(expected).And.LessThan(full.Rows).And.GreaterThan(0), $"{source.Location()} {table} since {median}");
        }
    }

    [Test]
    public async Task Odbc_extract_of_sqlite_keeps_64_bit_integers_and_nulls()
    {
        var file = Path.Combine(_outDir, "wide.db");
        using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false"))
        {
            sqlite.Open();
            using var create = sqlite.CreateCommand();
            create.CommandText = "CREATE TABLE accounts (id INTEGER PRIMARY KEY, card_no INTEGER, holder TEXT); INSERT INTO accounts VALUES (1, 6222021234567890123, '張三'), (2, NULL, NULL), (3, -9223372036854775808, '')";
            create.ExecuteNonQuery();
        }

        var native = new SourceOptions { Name = "wide", Provider = SourceProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=false", Tables = [new SourceTableOptions { Name = "accounts", Key = "id" }] };
        var odbc = native.With(provider: SourceProvider.Odbc, sqlDialect: SourceProvider.Sqlite, connectionString: $"Driver={Driver("libsqlite3odbc.so")};Database={file}");
        odbc.Name = "odbc_wide";
        using var db = new TempDatabase();
        using var holder = db.Open();
        await Extract(db, odbc, null);
        Assert.That(holder.Scalar("SELECT string_agg(concat_ws('|', id, card_no, holder), ' / ' ORDER BY id) FROM staging.odbc_wide_accounts"),
            Is.EqualTo("1|6222021234567890123|張三 / 2 / 3|-9223372036854775808|"));
        Assert.That(holder.Scalar("SELECT typeof(card_no) FROM staging.odbc_wide_accounts LIMIT 1"), Is.EqualTo("BIGINT"));
    }

    private static string Driver(string driver) => Directory.GetDirectories("/usr/lib").Select(d => Path.Combine(d, "odbc", driver)).FirstOrDefault(File.Exists)
        ?? throw new AssertionException($"ODBC driver {driver} is not installed (tests/install-prerequisites.sh installs it).");

    private SourceOptions Source(string name) => _options.Sources.Single(s => s.Name == name);

    /// <summary>The tables of the embedded source <paramref name="like"/> (core, cards, wealth) read through an ODBC driver.</summary>
    private SourceOptions Odbc(string driver, string sqlDialect, string connection, string? like = null)
    {
        var native = Source(like ?? sqlDialect switch { SourceProvider.Postgres => "core", SourceProvider.MariaDb => "cards", _ => "wealth" });
        return new SourceOptions
        {
            Name = "odbc_" + native.Name, Provider = SourceProvider.Odbc, SqlDialect = sqlDialect,
            ConnectionString = $"Driver={Driver(driver)};{connection}", Tables = native.Tables,
        };
    }

    /// <summary>Both extracts stage the same columns with the same types and the same rows (as text, multiset).</summary>
    private static async Task ReconcileAsync(SourceOptions native, SourceOptions odbc)
    {
        using var db = new TempDatabase();
        using var holder = db.Open();
        var nativeExtracts = await Extract(db, native, null);
        var odbcExtracts = await Extract(db, odbc, null);
        foreach (var (left, right) in nativeExtracts.Zip(odbcExtracts))
        {
            Assert.That(right.Table, Is.EqualTo(left.Table));
            TestContext.Progress.WriteLine($"reconcile {native.Provider}.{left.Table}: native {left.Rows:N0} rows {left.Duration.TotalSeconds:F2} s, ODBC {right.Rows:N0} rows {right.Duration.TotalSeconds:F2} s");
            Assert.That(right.Rows, Is.EqualTo(left.Rows).And.GreaterThan(0), left.Table);
            Assert.That(Columns(holder, right.StagingTable), Is.EqualTo(Columns(holder, left.StagingTable)), $"{left.Table}: staged columns and types");
            foreach (var (a, b) in new[] { (left.StagingTable, right.StagingTable), (right.StagingTable, left.StagingTable) })
            {
                var extra = Count(holder, $"SELECT count(*) FROM (SELECT COLUMNS(* EXCLUDE (batch_id))::VARCHAR FROM {a} EXCEPT ALL SELECT COLUMNS(* EXCLUDE (batch_id))::VARCHAR FROM {b})");
                Assert.That(extra, Is.Zero, $"{left.Table}: rows of {a} not in {b}");
            }
        }
    }

    private static long Count(DuckDBConnection holder, string sql) => Convert.ToInt64(holder.Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    private static string? Columns(DuckDBConnection holder, string stagingTable) => (string?)holder.Scalar(
        $"SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) FROM duckdb_columns() WHERE database_name = 'staging' AND table_name = '{stagingTable["staging.".Length..]}'");

    private static Task<IReadOnlyList<TableExtract>> Extract(TempDatabase db, SourceOptions source, string? watermark)
    {
        var extractor = new Extractor(db.ConnectionString, RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        var watermarks = watermark is null ? new Dictionary<(string, string), string>() : source.Tables.ToDictionary(t => (source.Name, t.Name), _ => watermark);
        return extractor.ExtractAsync([source], watermarks, false, 1, DateTime.MaxValue, null, CancellationToken.None);
    }
}
