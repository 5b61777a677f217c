using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

public sealed class TransactionTests
{
    [Test]
    public void Committed_rows_are_seen_by_a_second_connection_only_after_commit()
    {
        using var db = new TempDatabase();
        using var writer = db.Open();
        using var reader = db.Open();
        writer.Exec("CREATE TABLE t (i INTEGER)");
        using (var transaction = writer.BeginTransaction())
        {
            writer.Exec("INSERT INTO t VALUES (1), (2)");
            Assert.That(reader.Scalar("SELECT count(*) FROM t"), Is.EqualTo(0L));
            transaction.Commit();
        }

        Assert.That(reader.Scalar("SELECT count(*) FROM t"), Is.EqualTo(2L));
    }

    [Test]
    public void Rolled_back_and_abandoned_transactions_leave_nothing()
    {
        using var db = new TempDatabase();
        using var writer = db.Open();
        writer.Exec("CREATE TABLE t (i INTEGER)");
        using (var transaction = writer.BeginTransaction())
        {
            writer.Exec("INSERT INTO t VALUES (1)");
            transaction.Rollback();
        }

        using (writer.BeginTransaction())
        {
            writer.Exec("INSERT INTO t VALUES (2)");
        }

        using var other = db.Open();
        Assert.That(other.Scalar("SELECT count(*) FROM t"), Is.EqualTo(0L));
        Assert.That(writer.Scalar("SELECT count(*) FROM t"), Is.EqualTo(0L));
    }

    [Test]
    public void Reader_keeps_one_snapshot_while_an_appender_loads_and_commits()
    {
        using var db = new TempDatabase();
        using var writer = db.Open();
        using var analyst = db.Open();
        writer.Exec("CREATE TABLE facts (id BIGINT, amount DOUBLE)");
        writer.Exec("INSERT INTO facts SELECT i, 1.0 FROM range(1000) t(i)");

        using var snapshot = analyst.BeginTransaction();
        Assert.That(analyst.Scalar("SELECT count(*) FROM facts"), Is.EqualTo(1000L));

        var load = Task.Run(() =>
        {
            using var transaction = writer.BeginTransaction();
            using (var appender = writer.CreateAppender("facts"))
            {
                for (var i = 0; i < 200_000; i++)
                {
                    appender.Append((long)(1000 + i)).Append(2.0).EndRow();
                }
            }

            transaction.Commit();
        });

        while (!load.IsCompleted)
        {
            Assert.That(analyst.Scalar("SELECT count(*) FROM facts"), Is.EqualTo(1000L));
            Assert.That(analyst.Scalar("SELECT sum(amount) FROM facts"), Is.EqualTo(1000.0));
        }

        load.GetAwaiter().GetResult();
        Assert.That(analyst.Scalar("SELECT count(*) FROM facts"), Is.EqualTo(1000L), "still the snapshot after the commit");
        snapshot.Commit();
        Assert.That(analyst.Scalar("SELECT count(*) FROM facts"), Is.EqualTo(201_000L));
    }

    [Test]
    public void Nested_transaction_is_refused()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Assert.Throws<InvalidOperationException>(() => connection.BeginTransaction());
    }

    [Test]
    public void Connections_to_one_file_share_one_database_and_release_it_when_all_close()
    {
        using var db = new TempDatabase();
        using (var first = db.Open())
        using (var second = db.Open())
        {
            first.Exec("CREATE TABLE t AS SELECT 1 AS i");
            Assert.That(second.Scalar("SELECT i FROM t"), Is.EqualTo(1));
        }

        // After the last close the file is released: it can be reopened read-only, which needs a fresh instance.
        using var readOnly = new DuckDbConnection($"{db.ConnectionString};access_mode=READ_ONLY");
        readOnly.Open();
        Assert.That(readOnly.Scalar("SELECT i FROM t"), Is.EqualTo(1));
        Assert.Throws<DuckDbException>(() => readOnly.Exec("INSERT INTO t VALUES (2)"));
    }
}
