using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// 64 PostgreSQL connections at once, each signed in and running the SQL the cube compiler makes for a cube query
/// (what the HTTP cube API runs; an admin, whose scope holds the rollups and facts that SQL reads): every one answers,
/// without an error, exactly what the cube API's own connection answers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConcurrencyTests
{
    private const int Connections = 64;
    private const string Admin = "wire_admin";

    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _served = ServedPgWire.Start();
        _served.AddUser(Admin, "admin");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public async Task Sixty_four_connections_each_run_a_cube_query_without_an_error()
    {
        var principal = new Principal(Admin, _served.Context.Roles.Get("admin"), []);
        var query = new CubeQuery { Measures = ["amount", "transactions"], By = ["date.year", "channel.channel"] };
        List<string> expected;
        string sql;
        using (var connection = _served.Context.Open(principal))
        {
            var compiled = _served.Context.Compile(connection, "transactions", query, principal);
            Assert.That(compiled.Parameters, Is.Empty, "the wire runs the statement as it is");
            sql = compiled.Sql;
            using var command = compiled.CreateCommand(connection);
            using var reader = command.ExecuteReader();
            expected = Rows(reader);
        }

        Assert.That(expected, Is.Not.Empty);
        var answers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(_served.ConnectionString(user: Admin));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            return Rows(reader);
        })));

        Assert.That(answers, Has.Length.EqualTo(Connections).And.All.EqualTo(expected));
        Assert.That(_served.Audited.Count(r => r.User.Name == Admin && r.Outcome == "ok"), Is.GreaterThanOrEqualTo(Connections));
    }

    private static List<string> Rows(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
