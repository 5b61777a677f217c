using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>The read-only gate of the SQL endpoint: what it refuses and what it lets through.</summary>
public sealed class ReadOnlySqlGateTests
{
    private CubeWarehouse _warehouse = null!;
    private string _csv = null!;

    [OneTimeSetUp]
    public void CreateWarehouse()
    {
        _warehouse = new CubeWarehouse(seed: false);
        _csv = Path.Combine(Path.GetTempPath(), $"crmw-gate-{Guid.NewGuid():N}.csv");
        File.WriteAllText(_csv, "a,b\n1,2\n");
    }

    [OneTimeTearDown]
    public void DropWarehouse()
    {
        _warehouse.Dispose();
        File.Delete(_csv);
    }

    [TestCase("INSERT INTO dw.dim_channel (channel_key, code, batch_id) VALUES (9, 'X', 1)", "INSERT")]
    [TestCase("UPDATE dw.dim_channel SET name = 'x'", "UPDATE")]
    [TestCase("DELETE FROM dw.dim_channel", "DELETE")]
    [TestCase("CREATE TABLE main.t AS SELECT 1", "CREATE")]
    [TestCase("DROP TABLE dw.dim_channel", "DROP")]
    [TestCase("COPY dw.dim_channel TO '/tmp/crmw-gate-out.csv'", "COPY")]
    [TestCase("ATTACH '/tmp/crmw-gate-other.duckdb' AS other", "ATTACH")]
    [TestCase("INSTALL httpfs", "LOAD")]
    [TestCase("LOAD httpfs", "LOAD")]
    [TestCase("SET threads = 1", "SET")]
    [TestCase("PRAGMA enable_profiling", "PRAGMA")]
    [TestCase("SELECT 1; DROP TABLE dw.dim_channel", "one statement")]
    [TestCase("EXPLAIN ANALYZE DELETE FROM dw.dim_channel", "EXPLAIN runs here only for SELECT")]
    public void Refuses_statements_that_write_or_configure(string sql, string reason)
    {
        var error = Assert.Throws<SqlRefusedException>(() => ReadOnlySqlGate.Check(_warehouse.Connection, sql))!;
        Assert.That(error.Message, Does.Contain(reason));
        Assert.That(_warehouse.Connection.Scalar("SELECT count(*) FROM dw.dim_channel"), Is.EqualTo(1L), "nothing changed");
    }

    [TestCase("SELECT * FROM read_csv('{0}')", "read_csv")]
    [TestCase("SELECT * FROM read_csv_auto('{0}')", "read_csv_auto")]
    [TestCase("SELECT * FROM read_parquet('{0}')", "read_parquet")]
    [TestCase("SELECT * FROM READ_JSON /* sneaky */ ('{0}')", "READ_JSON")]
    [TestCase("SELECT * FROM glob('/etc/*')", "glob")]
    [TestCase("SELECT getenv('HOME')", "getenv")]
    [TestCase("SELECT * FROM '{0}'", "naming it as a table")]
    [TestCase("WITH x AS (SELECT 1) SELECT * FROM x JOIN \"{0}\" ON true", "naming it as a table")]
    public void Refuses_functions_and_scans_that_reach_outside_the_warehouse(string template, string reason)
    {
        var error = Assert.Throws<SqlRefusedException>(() => ReadOnlySqlGate.Check(_warehouse.Connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _csv)))!;
        Assert.That(error.Message, Does.Contain(reason));
    }

    [TestCase("SELECT count(*) FROM dw.dim_date")]
    [TestCase("select code, name from \"dw\".\"dim_channel\" -- read_csv( in a comment is fine")]
    [TestCase("EXPLAIN SELECT * FROM dw.fact_transaction")]
    [TestCase("DESCRIBE dw.fact_transaction")]
    [TestCase("SHOW TABLES")]
    [TestCase("SUMMARIZE dw.dim_channel")]
    public void Allows_reading_statements(string sql) =>
        Assert.DoesNotThrow(() => ReadOnlySqlGate.Check(_warehouse.Connection, sql));
}
