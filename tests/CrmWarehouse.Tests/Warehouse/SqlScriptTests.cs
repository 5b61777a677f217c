using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Warehouse;

public sealed class SqlScriptTests
{
    [Test]
    public void Each_statement_binds_the_named_parameters_it_uses_from_one_set()
    {
        using var connection = Open();
        using var run = connection.CreateCommand();
        run.CommandText = "CREATE TEMP TABLE t AS SELECT $a::INTEGER AS a; INSERT INTO t SELECT $b::INTEGER";
        run.Parameters.Add("a", 1);
        run.Parameters.Add("b", 2);
        run.Parameters.Add("unused", 3);
        run.ExecuteScript(null, null, CancellationToken.None);
        Assert.That(connection.Count("SELECT sum(a) FROM t", CancellationToken.None), Is.EqualTo(3));
    }

    [Test]
    public void Runs_an_embedded_script_statement_by_statement_and_times_each()
    {
        using var connection = Open();
        var assembly = typeof(SqlScript).Assembly;
        var first = assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var timings = new List<StatementTiming>();
        SqlScript.From(assembly, first).Run(connection, [], CancellationToken.None, timings.Add);
        Assert.That(timings, Has.Count.GreaterThan(1));
        Assert.That(connection.Count("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'audit'", CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public void A_parameter_the_caller_does_not_provide_fails_naming_the_statement()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1; SELECT $missing";
        var error = Assert.Throws<DuckDbScriptException>(() => command.ExecuteScript(null, null, CancellationToken.None))!;
        Assert.That(error.Message, Does.StartWith("Statement 2 of 2"));
    }

    [Test]
    public void A_script_that_is_not_embedded_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqlScript.From(typeof(SqlScript).Assembly, "Migrations/9999_nothing.sql"))!;
        Assert.That(error.Message, Does.Contain("9999_nothing.sql"));
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }
}
