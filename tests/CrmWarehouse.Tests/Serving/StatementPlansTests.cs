using CrmWarehouse.Serving.Sql;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Serving;

/// <summary>
/// The plans a serving connection keeps (<see cref="StatementPlans"/>), on a real in-memory DuckDB: a statement runs as
/// sent, then prepared, then from its plan, with the same answer; a plan follows the catalogue when a load replaces
/// what it reads; at most <see cref="StatementPlans.MostPlans"/> are kept.
/// </summary>
public sealed class StatementPlansTests
{
    private DuckDBConnection _connection = null!;

    [SetUp]
    public void Open()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        Run("CREATE TABLE t AS SELECT range AS n FROM range(10); CREATE VIEW v AS SELECT sum(n)::INTEGER AS total FROM t");
    }

    [TearDown]
    public void Close() => _connection.Dispose();

    [Test]
    public void A_statement_runs_as_sent_then_is_prepared_then_runs_from_its_plan_with_the_same_answer()
    {
        var plans = new StatementPlans();
        const string sql = "SELECT total FROM v";
        var texts = new List<string>();
        var answers = new List<object?>();
        for (var run = 0; run < 3; run++)
        {
            using var command = plans.Command(_connection, sql);
            texts.Add(command.CommandText);
            answers.Add(command.ExecuteScalar());
        }

        Assert.That(texts[0], Is.EqualTo(sql), "the first sight runs the text, so that its errors point into it");
        Assert.That(texts[1], Does.StartWith("EXECUTE crmw_plan_"));
        Assert.That(texts[2], Is.EqualTo(texts[1]));
        Assert.That(answers, Is.All.EqualTo(45));
        Assert.That(plans.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_kept_plan_reads_what_the_catalogue_holds_now_after_a_view_or_table_is_replaced()
    {
        var plans = new StatementPlans();
        const string sql = "SELECT total FROM v";
        Answer(plans, sql);
        Assert.That(Answer(plans, sql), Is.EqualTo(45));

        Run("CREATE OR REPLACE TABLE t AS SELECT range AS n FROM range(5)");
        Assert.That(Answer(plans, sql), Is.EqualTo(10), "the table replaced under the plan");
        Run("CREATE OR REPLACE VIEW v AS SELECT max(n) AS total FROM t");
        Assert.That(Answer(plans, sql), Is.EqualTo(4), "the view replaced under the plan");
        Run("INSERT INTO t VALUES (100)");
        Assert.That(Answer(plans, sql), Is.EqualTo(100), "rows added since");
    }

    [Test]
    public void At_most_the_most_recently_used_plans_are_kept_and_long_statements_never()
    {
        var plans = new StatementPlans();
        var statements = Enumerable.Range(0, StatementPlans.MostPlans + 8).Select(i => $"SELECT count(*) + {i} FROM t").ToList();
        foreach (var sql in statements.Concat(statements))
        {
            Assert.That(Answer(plans, sql), Is.EqualTo(10 + long.Parse(sql.Split("+ ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(plans.Count, Is.EqualTo(StatementPlans.MostPlans));
        using (var evicted = plans.Command(_connection, statements[0]))
        {
            Assert.That(evicted.CommandText, Is.EqualTo(statements[0]), "the oldest plan went (and its prepared statement with it)");
        }

        Assert.That(PreparedStatements(), Is.EqualTo(StatementPlans.MostPlans), "DuckDB keeps as many as the plans");

        var longSql = "SELECT count(*) FROM t WHERE n >= 0" + string.Concat(Enumerable.Repeat(" AND n < 1000", StatementPlans.MostCharacters / 12));
        Assert.That(longSql, Has.Length.GreaterThan(StatementPlans.MostCharacters));
        for (var run = 0; run < 3; run++)
        {
            using var command = plans.Command(_connection, longSql);
            Assert.That(command.CommandText, Is.EqualTo(longSql));
        }
    }

    private object? Answer(StatementPlans plans, string sql)
    {
        using var command = plans.Command(_connection, sql);
        return command.ExecuteScalar();
    }

    /// <summary>How many prepared statements the connection holds: each name the plans made still answers EXECUTE.</summary>
    private int PreparedStatements() =>
        Enumerable.Range(1, StatementPlans.MostPlans * 3).Count(i =>
        {
            try
            {
                Run($"EXECUTE crmw_plan_{i}");
                return true;
            }
            catch (DuckDBException)
            {
                return false;
            }
        });

    private void Run(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
