using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Extract;

/// <summary>
/// The SQL each kind of source is read with. SQL Server is tested here at the SQL it generates only: no SQL Server
/// can run on the test machines. The other kinds are also extracted for real (ServerExtractTests, OdbcExtractTests).
/// </summary>
public sealed class SourceDialectTests
{
    private static readonly SourceTableOptions Customers = new() { Name = "customers", Key = "cust_no", ChangeColumn = "updated_at" };

    private static SourceDialect Dialect(string provider, string? sqlDialect = null) =>
        new SourceOptions { Name = "crm", Provider = provider, SqlDialect = sqlDialect }.Dialect;

    [Test]
    public void Sql_server_query_brackets_names_and_takes_an_at_parameter()
    {
        var query = Dialect(SourceProvider.SqlServer).Query(Customers, "2026-06-30 08:00:00");
        Assert.That(query.Sql, Is.EqualTo("SELECT * FROM [customers] WHERE [updated_at] >= @since"));
        Assert.That(query.Parameters.Single().Name, Is.EqualTo("@since"));
        Assert.That(query.Parameters.Single().Value, Is.EqualTo(new DateTime(2026, 6, 30, 8, 0, 0)), "a typed timestamp, compared as one by the server");
    }

    [Test]
    public void Sql_server_escapes_a_closing_bracket_in_a_name()
    {
        Assert.That(Dialect(SourceProvider.SqlServer).Quote("odd]name"), Is.EqualTo("[odd]]name]"));
    }

    [Test]
    public void Sql_server_pages_with_top_and_offset_fetch_where_others_use_limit()
    {
        var sqlServer = Dialect(SourceProvider.SqlServer);
        Assert.That(sqlServer.First(100, "[customers]"), Is.EqualTo("SELECT TOP (100) * FROM [customers]"));
        Assert.That(sqlServer.Page("SELECT * FROM [customers] ORDER BY [cust_no]", 2_000, 1_000),
            Is.EqualTo("SELECT * FROM [customers] ORDER BY [cust_no] OFFSET 2000 ROWS FETCH NEXT 1000 ROWS ONLY"));
        Assert.That(Dialect(SourceProvider.Postgres).Page("SELECT * FROM customers ORDER BY cust_no", 2_000, 1_000),
            Is.EqualTo("SELECT * FROM customers ORDER BY cust_no LIMIT 1000 OFFSET 2000"));
        Assert.That(Dialect(SourceProvider.Odbc, SourceProvider.SqlServer).First(5, "[t]"), Is.EqualTo("SELECT TOP (5) * FROM [t]"), "ODBC pages as the database behind it");
    }

    [TestCase(SourceProvider.Postgres, null, "SELECT * FROM customers WHERE updated_at >= :since")]
    [TestCase(SourceProvider.MariaDb, null, "SELECT * FROM `customers` WHERE `updated_at` >= @since")]
    [TestCase(SourceProvider.Sqlite, null, "SELECT * FROM [customers] WHERE [updated_at] >= @since")]
    [TestCase(SourceProvider.Odbc, SourceProvider.MariaDb, "SELECT * FROM `customers` WHERE `updated_at` >= ?")]
    [TestCase(SourceProvider.Odbc, SourceProvider.Postgres, "SELECT * FROM customers WHERE updated_at >= ?")]
    [TestCase(SourceProvider.Odbc, null, "SELECT * FROM \"customers\" WHERE \"updated_at\" >= ?")]
    public void Incremental_query_is_written_in_the_sources_own_sql(string provider, string? sqlDialect, string expected)
    {
        Assert.That(Dialect(provider, sqlDialect).Query(Customers, "2026-06-30 08:00:00").Sql, Is.EqualTo(expected));
    }

    [Test]
    public void Postgres_quotes_a_name_that_is_not_plain_lower_case()
    {
        Assert.That(Dialect(SourceProvider.Postgres).Quote("Customers"), Is.EqualTo("\"Customers\""));
    }

    [Test]
    public void Sqlite_compares_the_watermark_as_text_as_it_stores_timestamps()
    {
        Assert.That(Dialect(SourceProvider.Sqlite).Query(Customers, "2026-06-30 08:00:00").Parameters.Single().Value, Is.EqualTo("2026-06-30 08:00:00"));
        Assert.That(Dialect(SourceProvider.Odbc, SourceProvider.Sqlite).Query(Customers, "2026-06-30 08:00:00").Parameters.Single().Value, Is.EqualTo("2026-06-30 08:00:00"));
    }

    [TestCase(SourceProvider.SqlServer, null, "Server=tcp:db.bank.example,1433;Database=crm;User ID=etl;Password=s3cret", "tcp:db.bank.example,1433, database crm")]
    [TestCase(SourceProvider.Odbc, SourceProvider.MariaDb, "Driver=/usr/lib/x86_64-linux-gnu/odbc/libmaodbc.so;Server=10.0.0.7;Port=3306;Database=cards;UID=etl;PWD=s3cret", "ODBC /usr/lib/x86_64-linux-gnu/odbc/libmaodbc.so, 10.0.0.7:3306, database cards")]
    [TestCase(SourceProvider.Odbc, SourceProvider.Sqlite, "Driver=/usr/lib/x86_64-linux-gnu/odbc/libsqlite3odbc.so;Database=/data/wealth.db", "ODBC /usr/lib/x86_64-linux-gnu/odbc/libsqlite3odbc.so, file /data/wealth.db")]
    [TestCase(SourceProvider.MariaDb, null, "Server=10.0.0.7;Port=3306;User ID=etl;Password=s3cret;Database=cards", "10.0.0.7:3306, database cards")]
    public void Location_names_the_server_and_database_but_never_the_password(string provider, string? sqlDialect, string connectionString, string expected)
    {
        var source = new SourceOptions { Name = "crm", Provider = provider, SqlDialect = sqlDialect, ConnectionString = connectionString };
        Assert.That(source.Location(), Is.EqualTo(expected));
        Assert.That(source.Location(), Does.Not.Contain("s3cret"));
    }

    [Test]
    public void Unknown_kind_is_named_with_the_known_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _ = Dialect("Oracle"))!;
        Assert.That(error.Message, Does.Contain("'crm'").And.Contain("Oracle").And.Contain("SqlServer").And.Contain("Odbc"));
    }

    [Test]
    public void Unreachable_sql_server_is_reported_by_name_without_its_password()
    {
        var source = new SourceOptions
        {
            Name = "treasury", Provider = SourceProvider.SqlServer,
            ConnectionString = "Server=tcp:127.0.0.1,1;Database=treasury;User ID=etl;Password=s3cret;Connect Timeout=1;Encrypt=false",
            Tables = [new SourceTableOptions { Name = "deals", Key = "deal_id" }],
        };
        using var db = new TempDatabase();
        using var holder = db.Open();
        var extractor = new Extractor(db.ConnectionString, new RetryPolicy(1, TimeSpan.Zero), TimeProvider.System, NullLogger.Instance);
        var error = Assert.ThrowsAsync<SourceUnavailableException>(() =>
            extractor.ExtractAsync([source], new Dictionary<(string, string), string>(), false, 1, DateTime.MaxValue, null, CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain("'treasury'").And.Contain("tcp:127.0.0.1,1, database treasury").And.Contain("deals"));
        Assert.That(error.Message, Does.Not.Contain("s3cret"));
    }
}
