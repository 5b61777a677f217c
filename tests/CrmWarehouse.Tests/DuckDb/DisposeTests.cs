using System.Data;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>Nothing a caller does in the wrong order may crash the process or free native memory twice.</summary>
public sealed class DisposeTests
{
    [Test]
    public void Disposed_reader_throws_ObjectDisposedException()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        var reader = command.ExecuteReader();
        reader.Dispose();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Read());
        Assert.Throws<ObjectDisposedException>(() => reader.GetInt32(0));
    }

    [Test]
    public void Closing_the_connection_under_an_open_reader_and_appender_is_safe()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (i INTEGER)");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM range(100000)";
        var reader = command.ExecuteReader();
        var appender = connection.CreateAppender("t");
        appender.Append(1).EndRow();
        connection.Close();
        Assert.DoesNotThrow(() => reader.Dispose());
        try
        {
            // The native appender keeps its own reference to the database, so this flush may still succeed;
            // either way it must end in a managed exception or nothing, never a crash.
            appender.Dispose();
        }
        catch (DuckDbException)
        {
        }

        Assert.Throws<ObjectDisposedException>(() => appender.Append(2));
        Assert.That(connection.State, Is.EqualTo(ConnectionState.Closed));
    }

    [Test]
    public void Commands_need_an_open_connection()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        Assert.Throws<InvalidOperationException>(() => command.ExecuteScalar());
        connection.Open();
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1));
        connection.Close();
        Assert.Throws<InvalidOperationException>(() => command.ExecuteScalar());
        connection.Open();
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1), "the prepared statement of the old connection is not reused");
    }

    [Test]
    public void Reading_before_Read_or_after_the_end_is_an_error_not_a_crash()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 AS a";
        using var reader = command.ExecuteReader();
        Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
        Assert.That(reader.Read(), Is.True);
        Assert.Throws<IndexOutOfRangeException>(() => reader.GetInt32(1));
        Assert.Throws<InvalidCastException>(() => reader.GetDateTime(0));
        Assert.That(reader.Read(), Is.False);
        Assert.That(reader.Read(), Is.False);
        Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
    }

    [Test]
    public void Many_connections_opened_and_closed_across_threads_leave_the_file_usable()
    {
        using var db = new TempDatabase();
        using (var setup = db.Open())
        {
            setup.Exec("CREATE TABLE t (i INTEGER)");
        }

        Parallel.For(0, 8, i =>
        {
            for (var j = 0; j < 20; j++)
            {
                using var connection = db.Open();
                connection.Exec("INSERT INTO t VALUES ($1)", i);
            }
        });

        using var check = db.Open();
        Assert.That(check.Scalar("SELECT count(*) FROM t"), Is.EqualTo(160L));
    }
}
