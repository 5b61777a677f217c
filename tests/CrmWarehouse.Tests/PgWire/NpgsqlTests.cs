using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>Npgsql, a real PostgreSQL client, against the wire protocol: sign-in, queries, types, errors, cancel.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NpgsqlTests
{
    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Signs_in_with_scram_and_reports_server_parameters()
    {
        using var connection = _served.Open();
        Assert.Multiple(() =>
        {
            Assert.That(connection.PostgreSqlVersion.Major, Is.EqualTo(16));
            Assert.That(connection.PostgresParameters["server_encoding"], Is.EqualTo("UTF8"));
            Assert.That(connection.PostgresParameters["integer_datetimes"], Is.EqualTo("on"));
            Assert.That(connection.PostgresParameters["is_superuser"], Is.EqualTo("off"));
            Assert.That(connection.ProcessID, Is.Not.Zero);
        });
    }

    [Test]
    public void Wrong_password_is_refused_with_28P01()
    {
        using var connection = new NpgsqlConnection(_served.ConnectionString(password: "wrong"));
        var error = Assert.Throws<PostgresException>(() => connection.Open());
        Assert.That(error!.SqlState, Is.EqualTo("28P01"));
    }

    [Test]
    public void Another_database_is_refused_with_3D000()
    {
        using var connection = new NpgsqlConnection(_served.ConnectionString(database: "postgres"));
        var error = Assert.Throws<PostgresException>(() => connection.Open());
        Assert.That(error!.SqlState, Is.EqualTo("3D000"));
    }

    [Test]
    public void Runs_a_parameterised_query()
    {
        using var connection = _served.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM dim_customer WHERE province = @province AND customer_key > @key", connection);
        command.Parameters.AddWithValue("province", "浙江");
        command.Parameters.AddWithValue("key", 1);
        Assert.That(command.ExecuteScalar(), Is.EqualTo(2L));
    }

    [Test]
    public void Several_statements_in_one_simple_query_each_answer()
    {
        using var connection = _served.Open();
        using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("SELECT 1"), new NpgsqlBatchCommand("SELECT 'two'") },
        };
        using var reader = batch.ExecuteReader();
        Assert.That(reader.Read() && reader.GetInt32(0) == 1, Is.True);
        Assert.That(reader.NextResult() && reader.Read() && reader.GetString(0) == "two", Is.True);
    }

    [Test]
    public void Unknown_table_is_42P01_and_a_syntax_error_42601_with_its_position()
    {
        using var connection = _served.Open();
        var missing = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT * FROM role_analyst.no_such_table", connection).ExecuteScalar());
        var syntax = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT 1 FROM FROM", connection).ExecuteScalar());
        Assert.Multiple(() =>
        {
            Assert.That(missing!.SqlState, Is.EqualTo("42P01"));
            Assert.That(syntax!.SqlState, Is.EqualTo("42601"));
            Assert.That(syntax.Position, Is.EqualTo(15));
        });

        // The session goes on after errors.
        Assert.That(new NpgsqlCommand("SELECT 42", connection).ExecuteScalar(), Is.EqualTo(42));
    }

    [Test]
    public void A_forbidden_table_and_a_file_read_are_refused_with_42501()
    {
        using var connection = _served.Open();
        var table = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT * FROM audit.batch", connection).ExecuteScalar());
        var file = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT * FROM main.read_csv('/etc/passwd')", connection).ExecuteScalar());
        Assert.Multiple(() =>
        {
            Assert.That(table!.SqlState, Is.EqualTo("42501"));
            Assert.That(file!.SqlState, Is.EqualTo("42501"));
        });
    }

    [Test]
    public void Transactions_begin_and_end_and_a_failed_one_refuses_statements_until_rollback()
    {
        using var connection = _served.Open();
        using (var transaction = connection.BeginTransaction())
        {
            Assert.That(new NpgsqlCommand("SELECT count(*) FROM dim_branch WHERE branch_key > 0", connection, transaction).ExecuteScalar(), Is.EqualTo(3L));
            Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT * FROM nowhere", connection, transaction).ExecuteScalar());
            var aborted = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SELECT 1", connection, transaction).ExecuteScalar());
            Assert.That(aborted!.SqlState, Is.EqualTo("25P02"));
            transaction.Rollback();
        }

        Assert.That(new NpgsqlCommand("SELECT 1", connection).ExecuteScalar(), Is.EqualTo(1));
    }

    [Test]
    public void Set_and_show_are_answered_by_the_session()
    {
        using var connection = _served.Open();
        new NpgsqlCommand("SET application_name = 'report'; SET statement_timeout TO 5000", connection).ExecuteNonQuery();
        Assert.Multiple(() =>
        {
            Assert.That(new NpgsqlCommand("SHOW application_name", connection).ExecuteScalar(), Is.EqualTo("report"));
            Assert.That(new NpgsqlCommand("SHOW TRANSACTION ISOLATION LEVEL", connection).ExecuteScalar(), Is.EqualTo("read committed"));
            Assert.That(new NpgsqlCommand("SELECT current_setting('server_version_num')", connection).ExecuteScalar(), Is.EqualTo("160006"));
            Assert.That((string)new NpgsqlCommand("SELECT version()", connection).ExecuteScalar()!, Does.StartWith("PostgreSQL 16.6"));
        });
        var refused = Assert.Throws<PostgresException>(() => new NpgsqlCommand("SET enable_external_access = true", connection).ExecuteNonQuery());
        Assert.That(refused!.SqlState, Is.EqualTo("42704"));
    }

    [Test]
    public async Task Cancel_interrupts_a_long_query_with_57014()
    {
        await using var connection = _served.Open();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range * b.range % 7 = 3", connection);
        var running = command.ExecuteScalarAsync();
        SpinWait.SpinUntil(() => _served.Server.RunningQueries > 0, TimeSpan.FromSeconds(30));
        Assert.That(_served.Server.RunningQueries, Is.EqualTo(1), "the query should be running in the server");
        command.Cancel();
        // Npgsql reports the server's 57014 as a cancellation with the PostgreSQL error inside.
        var cancelled = Assert.ThrowsAsync<OperationCanceledException>(async () => await running);
        Assert.That(cancelled!.InnerException, Is.TypeOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo("57014"));
        Assert.That(await new NpgsqlCommand("SELECT 7", connection).ExecuteScalarAsync(), Is.EqualTo(7));
    }

    [Test]
    public void Every_audited_query_names_its_user_and_never_its_result()
    {
        using var connection = _served.Open();
        new NpgsqlCommand("SELECT name FROM dim_customer", connection).ExecuteScalar();
        var record = _served.Audited.Last(r => r.Sql.Contains("dim_customer", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(record.User.Name, Is.EqualTo(ServedPgWire.User));
            Assert.That(record.Rows, Is.EqualTo(6), "five customers' versions and the unknown member");
            Assert.That(record.ToString(), Does.Not.Contain("张三"));
        });
    }

    [Test]
    public void The_analyst_reads_personal_data_masked_by_the_same_views_as_over_http()
    {
        // The wire session's connection has the analyst's views on its search path: names, ID numbers and phones come
        // back as the mask macros (the one masking definition, migration 0014) make them, never in clear.
        const string Columns = "name, id_number, phone";
        using var connection = _served.Open();
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM dim_customer WHERE customer_key > 0 ORDER BY customer_key, valid_from", connection);
        using var reader = command.ExecuteReader();
        var wire = new List<string>();
        while (reader.Read())
        {
            wire.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i))));
        }

        var masked = _served.Warehouse.Rows(
            "SELECT mask.name(name), mask.id_number(id_number), mask.phone(phone) FROM dw.dim_customer WHERE customer_key > 0 ORDER BY customer_key, valid_from");
        var clear = _served.Warehouse.Rows($"SELECT {Columns} FROM dw.dim_customer WHERE customer_key > 0 ORDER BY customer_key, valid_from");
        Assert.Multiple(() =>
        {
            Assert.That(wire, Has.Count.EqualTo(masked.Count).And.Count.GreaterThan(0));
            Assert.That(wire, Is.EqualTo(masked));
            Assert.That(wire, Has.None.AnyOf(clear.Where(row => !masked.Contains(row)).ToArray()));
        });
    }
}
