using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>An answer longer than Serving:PgWire:MaxRows (5 here) is cut there, and a WARNING notice says so.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RowCapTests
{
    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start(options => options.MaxRows = 5);

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Npgsql_reads_the_first_rows_and_hears_the_warning()
    {
        using var connection = _served.Open();
        var notices = new List<PostgresNotice>();
        connection.Notice += (_, e) => notices.Add(e.Notice);
        var rows = Count(connection, "SELECT range FROM range(100)");
        var whole = Count(connection, "SELECT range FROM range(5)");
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(5));
            Assert.That(whole, Is.EqualTo(5));
            Assert.That(notices, Has.Count.EqualTo(1), "one warning, for the answer that was cut");
            Assert.That(notices[0].Severity, Is.EqualTo("WARNING"));
            Assert.That(notices[0].SqlState, Is.EqualTo("01000"));
            Assert.That(notices[0].MessageText, Is.EqualTo("result truncated: only the first 5 rows were sent"));
        });
    }

    [Test]
    public void Psql_prints_the_warning_for_a_select_and_a_copy()
    {
        var select = PsqlRunner.Run(_served.Port, ServedPgWire.User, ["SELECT range FROM range(100)"]);
        var copy = PsqlRunner.Run(_served.Port, ServedPgWire.User, [@"\copy (SELECT range FROM range(100)) to '/dev/null'"]);
        Assert.Multiple(() =>
        {
            Assert.That(select, Does.Contain("(5 rows)").And.Contain("WARNING:  result truncated: only the first 5 rows were sent"));
            Assert.That(copy, Does.Contain("COPY 5").And.Contain("WARNING:  result truncated"));
        });
    }

    private static int Count(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }
}
