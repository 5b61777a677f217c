using System.Data;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>Cancellation tokens and command timeouts interrupt DuckDB (<see cref="DuckDbExtensions"/>).</summary>
public sealed class CancellationTests : InMemoryDuckDb
{
    protected override string ConnectionString => "Data Source=:memory:;threads=1";

    /// <summary>Runs for minutes unless interrupted.</summary>
    private const string LongQuery = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)";

    [Test]
    public void CancellationToken_interrupts_a_long_query()
    {
        using var command = Connection.Command(LongQuery);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = Assert.Catch<OperationCanceledException>(() => command.ExecuteReader(CommandBehavior.Default, cancellation.Token))!;
        Assert.That(error.CancellationToken, Is.EqualTo(cancellation.Token));
        Assert.That(Connection.Count("SELECT 42", CancellationToken.None), Is.EqualTo(42L), "the connection is usable after the interrupt");
    }

    [Test]
    public void CommandTimeout_interrupts_and_says_so()
    {
        using var command = Connection.Command(LongQuery);
        command.CommandTimeout = 1;

        var error = Assert.Throws<TimeoutException>(() => command.ExecuteNonQuery(CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain("timed out after 1 s"));
    }

    [Test]
    public void CommandTimeout_applies_to_each_statement_of_a_script()
    {
        using var command = Connection.Command($"CREATE TABLE t (i INTEGER); {LongQuery}");
        command.CommandTimeout = 1;

        Assert.Throws<TimeoutException>(() => command.ExecuteScript(null, null, CancellationToken.None));
        Assert.That(Connection.Count("SELECT count(*) FROM t", CancellationToken.None), Is.Zero, "the first statement ran");
    }

    [Test]
    public void Cancel_from_another_thread_interrupts_the_query()
    {
        using var command = Connection.Command(LongQuery);
        using var canceller = new Timer(_ => command.Cancel(), null, 300, Timeout.Infinite);

        Assert.Catch<OperationCanceledException>(() => command.ExecuteScalar());
    }

    [Test]
    public void Already_cancelled_token_runs_nothing()
    {
        Connection.Execute("CREATE TABLE t (i INTEGER)", CancellationToken.None);

        Assert.Catch<OperationCanceledException>(() => Connection.Execute("INSERT INTO t VALUES (1)", new CancellationToken(canceled: true)));
        Assert.That(Connection.Count("SELECT count(*) FROM t", CancellationToken.None), Is.Zero);
    }
}
