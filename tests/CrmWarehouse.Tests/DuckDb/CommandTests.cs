using System.Data;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

public sealed class CommandTests
{
    [Test]
    public void Script_runs_every_statement_and_returns_the_result_sets_in_order()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE t (id INTEGER, name VARCHAR);
            INSERT INTO t VALUES (1, 'a'), (2, 'b');
            SELECT count(*) FROM t;
            UPDATE t SET name = 'c' WHERE id = 2;
            SELECT name FROM t ORDER BY id;
            """;
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetInt64(0), Is.EqualTo(2));
        Assert.That(reader.NextResult(), Is.True);
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.That(names, Is.EqualTo(new[] { "a", "c" }));
        Assert.That(reader.NextResult(), Is.False);
        Assert.That(reader.RecordsAffected, Is.EqualTo(3));
    }

    [Test]
    public void StatementCompleted_reports_each_statement_of_a_script_in_order()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t AS SELECT range AS i FROM range(200000); SELECT sum(i) FROM t; DROP TABLE t";
        var seen = new List<(int Number, int Count, TimeSpan Elapsed)>();
        command.StatementCompleted += (_, e) => seen.Add((e.StatementNumber, e.StatementCount, e.Elapsed));
        command.ExecuteNonQuery(CancellationToken.None);
        Assert.That(seen.Select(s => s.Number), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(seen.Select(s => s.Count), Is.All.EqualTo(3));
        Assert.That(seen[0].Elapsed, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void ExecuteNonQuery_counts_changed_rows_of_every_statement()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        var changed = connection.Exec("CREATE TABLE t (i BIGINT); INSERT INTO t SELECT range FROM range(10); DELETE FROM t WHERE i < 3; UPDATE t SET i = i + 1 WHERE i > 7");
        Assert.That(changed, Is.EqualTo(10 + 3 + 2));
    }

    [Test]
    public void Closing_a_reader_early_still_runs_the_remaining_statements()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (i INTEGER)");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 1; INSERT INTO t VALUES (5)";
            using var reader = command.ExecuteReader();
            Assert.That(reader.Read(), Is.True);
        }

        Assert.That(connection.Scalar("SELECT count(*) FROM t"), Is.EqualTo(1L));
    }

    [Test]
    public void Named_and_positional_parameters_bind()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $name || '-' || $n::VARCHAR";
        command.Parameters.Add("@name", "张三");
        command.Parameters.Add("$n", 7);
        Assert.That(command.ExecuteScalar(), Is.EqualTo("张三-7"));

        Assert.That(connection.Scalar("SELECT ? + ?", 40, 2), Is.EqualTo(42));
        Assert.That(connection.Scalar("SELECT $2 - $1", 1, 43), Is.EqualTo(42));
    }

    [Test]
    public void Prepared_command_runs_again_with_new_parameter_values()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (i INTEGER)");
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t VALUES ($v)";
        var parameter = command.Parameters.Add("v", 0);
        command.Prepare();
        for (var i = 1; i <= 100; i++)
        {
            parameter.Value = i;
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        Assert.That(connection.Scalar("SELECT sum(i) FROM t"), Is.EqualTo(5050m).Or.EqualTo(5050L).Or.EqualTo((Int128)5050));
    }

    [Test]
    public void Missing_parameter_is_named_in_the_error()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $customer_id";
        var error = Assert.Throws<DuckDbException>(() => command.ExecuteScalar())!;
        Assert.That(error.Message, Does.Contain("$customer_id"));
        Assert.That(error.ErrorType, Is.EqualTo(DuckDbErrorType.ParameterNotResolved));
    }

    [TestCase("SELEC 1", DuckDbErrorType.Parser, "syntax error")]
    [TestCase("SELECT * FROM no_such_table", DuckDbErrorType.Catalog, "no_such_table")]
    [TestCase("SELECT no_such_column FROM range(1)", DuckDbErrorType.Binder, "no_such_column")]
    [TestCase("SELECT 1 / 0::INTEGER + 'x'::INTEGER", DuckDbErrorType.Conversion, "'x'")]
    public void Errors_carry_duckdbs_message_and_type(string sql, DuckDbErrorType type, string fragment)
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        var error = Assert.Throws<DuckDbException>(() => connection.Scalar(sql))!;
        Assert.That(error.ErrorType, Is.EqualTo(type));
        Assert.That(error.Message, Does.Contain(fragment));
    }

    [Test]
    public void Constraint_violation_is_reported_and_the_connection_stays_usable()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        connection.Exec("INSERT INTO t VALUES (1)");
        var error = Assert.Throws<DuckDbException>(() => connection.Exec("INSERT INTO t VALUES (1)"))!;
        Assert.That(error.ErrorType, Is.EqualTo(DuckDbErrorType.Constraint));
        Assert.That(connection.Scalar("SELECT count(*) FROM t"), Is.EqualTo(1L));
    }

    [Test]
    public void Statement_types_are_known_without_running_anything()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (i INTEGER)");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM t; INSERT INTO t VALUES (1); COPY t TO '/tmp/x.csv'; ATTACH ':memory:' AS other; SET threads = 1; EXPLAIN SELECT 1; DROP TABLE t";
        Assert.That(command.GetStatementTypes(), Is.EqualTo(new[]
        {
            DuckDbStatementType.Select, DuckDbStatementType.Insert, DuckDbStatementType.Copy, DuckDbStatementType.Attach,
            DuckDbStatementType.Set, DuckDbStatementType.Explain, DuckDbStatementType.Drop,
        }));
        Assert.That(connection.Scalar("SELECT count(*) FROM t"), Is.EqualTo(0L), "nothing ran");
    }

    [Test]
    public void Schema_table_describes_the_columns()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1::INTEGER AS id, 2.5::DECIMAL(10,2) AS amount, 'x' AS name";
        using var reader = command.ExecuteReader();
        var schema = reader.GetSchemaTable();
        Assert.That(schema.Rows.Count, Is.EqualTo(3));
        Assert.That(schema.Rows[1]["ColumnName"], Is.EqualTo("amount"));
        Assert.That(schema.Rows[1]["DataType"], Is.EqualTo(typeof(decimal)));
        Assert.That(schema.Rows[1]["NumericPrecision"], Is.EqualTo((short)10));
        Assert.That(schema.Rows[1]["NumericScale"], Is.EqualTo((short)2));
        Assert.That(reader.GetOrdinal("NAME"), Is.EqualTo(2));
    }

    [Test]
    public void Large_result_streams_across_many_chunks()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT i, i::VARCHAR AS s FROM range(1000000) t(i)";
        using var reader = command.ExecuteReader();
        long count = 0, sum = 0;
        while (reader.Read())
        {
            sum += reader.GetInt64(0);
            count++;
            if (count == 777_777)
            {
                Assert.That(reader.GetString(1), Is.EqualTo("777776"));
            }
        }

        Assert.That(count, Is.EqualTo(1_000_000));
        Assert.That(sum, Is.EqualTo(999_999L * 1_000_000 / 2));
    }

    [Test]
    public void Error_in_the_middle_of_a_streamed_result_is_thrown_by_Read()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CASE WHEN i < 500000 THEN i ELSE error('boom at ' || i) END FROM range(1000000) t(i)";
        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        })!;
        Assert.That(error.Message, Does.Contain("boom at"));
    }

    [Test]
    public void Database_settings_come_from_the_connection_string()
    {
        using var db = new TempDatabase();
        using var connection = new DuckDbConnection($"{db.ConnectionString};threads=1;memory_limit=256MB");
        connection.Open();
        Assert.That(connection.Scalar("SELECT current_setting('threads')"), Is.EqualTo(1L));
        Assert.That(connection.Scalar("SELECT current_setting('memory_limit')"), Does.StartWith("244.1 MiB").Or.StartWith("256"));
    }

    [Test]
    public void Unknown_setting_is_a_clear_error()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;no_such_setting=1");
        var error = Assert.Throws<DuckDbException>(connection.Open)!;
        Assert.That(error.Message, Does.Contain("no_such_setting"));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Closed));
    }
}
