using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary><see cref="DuckDbExtensions.GetStatementTypes"/>: what the read-only SQL gate decides on.</summary>
public sealed class StatementTypeTests : InMemoryDuckDb
{
    [SetUp]
    public void Create()
    {
        Connection.Execute("CREATE TABLE t (i INTEGER)", CancellationToken.None);
    }

    [TestCase("SELECT * FROM t", DuckDbStatementType.Select)]
    [TestCase("DESCRIBE t", DuckDbStatementType.Select)]
    [TestCase("EXPLAIN SELECT 1", DuckDbStatementType.Explain)]
    [TestCase("INSERT INTO t VALUES (1)", DuckDbStatementType.Insert)]
    [TestCase("UPDATE t SET i = 2", DuckDbStatementType.Update)]
    [TestCase("DELETE FROM t", DuckDbStatementType.Delete)]
    [TestCase("CREATE TABLE u (j INTEGER)", DuckDbStatementType.Create)]
    [TestCase("ATTACH ':memory:' AS other", DuckDbStatementType.Attach)]
    [TestCase("COPY t TO 'x.csv'", DuckDbStatementType.Copy)]
    public void Classifies_a_statement_as_DuckDBs_planner_does(string sql, DuckDbStatementType expected)
    {
        Assert.That(Connection.GetStatementTypes(sql), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Lists_every_statement_of_a_script()
    {
        Assert.That(Connection.GetStatementTypes("SELECT 1; DROP TABLE t; SELECT 2"),
            Is.EqualTo(new[] { DuckDbStatementType.Select, DuckDbStatementType.Drop, DuckDbStatementType.Select }));
    }

    [Test]
    public void Runs_nothing_it_classifies()
    {
        Connection.GetStatementTypes("INSERT INTO t VALUES (1); DROP TABLE t");

        Assert.That(Connection.Count("SELECT count(*) FROM t", CancellationToken.None), Is.Zero, "the table is still there and empty");
    }

    [Test]
    public void Refuses_text_that_does_not_parse()
    {
        var error = Assert.Throws<DuckDbScriptException>(() => Connection.GetStatementTypes("SELEC 1"))!;
        Assert.That(error.Message, Does.Contain("syntax error"));
    }

    [Test]
    public void Refuses_empty_text()
    {
        Assert.Throws<DuckDbScriptException>(() => Connection.GetStatementTypes("  -- nothing here"));
    }

    [Test]
    public void Refuses_a_statement_on_a_table_that_does_not_exist_and_names_it()
    {
        var error = Assert.Throws<DuckDbScriptException>(() => Connection.GetStatementTypes("SELECT 1; SELECT * FROM missing"))!;
        Assert.That(error.Message, Does.StartWith("Statement 2 of 2: ").And.Contain("missing"));
    }
}
