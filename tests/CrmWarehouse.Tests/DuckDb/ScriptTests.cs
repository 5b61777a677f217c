using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>Scripts run statement by statement through <see cref="DuckDbExtensions.ExecuteScript"/>.</summary>
public sealed class ScriptTests : InMemoryDuckDb
{
    [Test]
    public void Times_every_statement_of_a_script_in_order()
    {
        var timings = new List<StatementTiming>();
        using var command = Connection.Command("CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1), (2); INSERT INTO t SELECT i + 10 FROM t;");
        var changed = command.ExecuteScript(timings.Add, null, CancellationToken.None);

        Assert.That(timings.Select(t => (t.Number, t.Count)), Is.EqualTo(new[] { (1, 3), (2, 3), (3, 3) }));
        Assert.That(changed, Is.EqualTo(4L), "rows inserted by the two INSERTs");
        Assert.That(Connection.Count("SELECT sum(i) FROM t", CancellationToken.None), Is.EqualTo(26L));
    }

    [Test]
    public void Names_the_failing_statement_of_a_script()
    {
        using var command = Connection.Command("CREATE TABLE t (i INTEGER);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES ('not a number');");
        var error = Assert.Throws<DuckDbScriptException>(() => command.ExecuteScript(null, null, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith("Statement 3 of 3: ").And.Contain("not a number"));
        Assert.That(error.InnerException, Is.InstanceOf<DuckDBException>());
        Assert.That(Connection.Count("SELECT count(*) FROM t", CancellationToken.None), Is.EqualTo(1L), "the statements before it ran");
    }

    [Test]
    public void Single_statement_errors_stay_DuckDBs_own()
    {
        Assert.Throws<DuckDBException>(() => Connection.Execute("SELECT 'x'::INTEGER", CancellationToken.None));
    }

    [Test]
    public void Semicolons_in_strings_comments_and_dollar_quotes_do_not_split()
    {
        var timings = new List<StatementTiming>();
        using var command = Connection.Command("""
            -- a comment; with a semicolon
            CREATE TABLE t (s VARCHAR);
            /* block; comment */ INSERT INTO t VALUES ('a;b'), ('it''s;'), ($$c;d$$), ($tag$e;f$tag$);
            SELECT 1 AS "odd;name";
            """);
        var columns = new List<string>();
        command.ExecuteScript(timings.Add, reader => columns.Add(reader.GetName(0)), CancellationToken.None);

        Assert.That(timings, Has.Count.EqualTo(3));
        Assert.That(columns, Is.EqualTo(new[] { "odd;name" }));
        Assert.That(Connection.Count("SELECT count(*) FROM t WHERE s IN ('a;b', 'it''s;', 'c;d', 'e;f')", CancellationToken.None), Is.EqualTo(4L));
    }

    [Test]
    public void Binds_named_parameters_in_every_statement_that_uses_them()
    {
        Connection.Execute(
            "CREATE TABLE t (batch BIGINT, day DATE); INSERT INTO t VALUES ($batch, $asof); INSERT INTO t SELECT $batch + 1, $asof + 1",
            CancellationToken.None, ("batch", 41L), ("asof", new DateOnly(2026, 6, 30)));

        using var reader = Connection.Reader("SELECT batch, day FROM t ORDER BY batch", CancellationToken.None);
        Assert.That(reader.Read(), Is.True);
        Assert.That((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1)), Is.EqualTo((41L, new DateOnly(2026, 6, 30))));
        Assert.That(reader.Read(), Is.True);
        Assert.That((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1)), Is.EqualTo((42L, new DateOnly(2026, 7, 1))));
    }

    [Test]
    public void Hands_each_result_set_of_a_script_to_the_reader_callback()
    {
        var firsts = new List<long>();
        using var command = Connection.Command("SELECT 1; CREATE TABLE t (i INTEGER); SELECT 2");
        command.ExecuteScript(null, reader =>
        {
            reader.Read();
            firsts.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }, CancellationToken.None);

        Assert.That(firsts, Is.EqualTo(new[] { 1L, 2L }));
    }
}
