using System.Diagnostics;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

public sealed class CancellationTests
{
    /// <summary>Runs for minutes unless interrupted.</summary>
    private const string LongQuery = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)";

    [Test]
    public void CancellationToken_interrupts_a_long_query()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;threads=1");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = LongQuery;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => command.ExecuteScalarAsync(cancellation.Token));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        Assert.That(connection.Scalar("SELECT 42"), Is.EqualTo(42), "the connection is usable after the interrupt");
    }

    [Test]
    public void Cancel_from_another_thread_interrupts_the_query()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;threads=1");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = LongQuery;
        using var canceller = new Timer(_ => command.Cancel(), null, 300, Timeout.Infinite);
        var error = Assert.Throws<DuckDbException>(() => command.ExecuteScalar())!;
        Assert.That(error.ErrorType, Is.EqualTo(DuckDbErrorType.Interrupt));
    }

    [Test]
    public void CommandTimeout_interrupts_and_says_so()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;threads=1");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = LongQuery;
        command.CommandTimeout = 1;
        var error = Assert.Throws<DuckDbException>(() => command.ExecuteScalar())!;
        Assert.That(error.Message, Does.Contain("timed out after 1 s"));
    }

    [Test]
    public void Already_cancelled_token_runs_nothing()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (i INTEGER)");
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t VALUES (1)";
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => command.ExecuteNonQueryAsync(new CancellationToken(canceled: true)));
        Assert.That(connection.Scalar("SELECT count(*) FROM t"), Is.EqualTo(0L));
    }

    [Test]
    public void Query_progress_is_reported_while_a_query_runs()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;threads=1");
        connection.Open();
        using var command = connection.CreateCommand();
        connection.Exec("CREATE TABLE big AS SELECT i FROM range(20000000) t(i)");
        command.CommandText = "SELECT count(*) FROM big WHERE md5(i::VARCHAR) LIKE '%abc%'";
        command.CommandTimeout = 30;
        var seen = new List<double>();
        // DuckDB starts tracking progress after its progress_bar_time (2 s); sample until a figure shows, for up to 10 s.
        using var sampler = new Timer(_ =>
        {
            lock (seen)
            {
                var percentage = connection.QueryProgress.Percentage;
                seen.Add(percentage);
                if (percentage > 0 || seen.Count == 100)
                {
                    command.Cancel();
                }
            }
        }, null, 200, 100);
        Assert.Catch<DuckDbException>(() => command.ExecuteScalar());
        lock (seen)
        {
            Assert.That(seen, Has.Some.GreaterThan(0.0), "some sample saw progress");
        }
    }
}
