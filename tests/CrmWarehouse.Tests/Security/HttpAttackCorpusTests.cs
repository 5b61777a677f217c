using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Serving;
using CrmWarehouse.Tests.Cubes;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The attack corpus through the door an attacker would use, <c>POST /api/sql</c> of a served (sandboxed) warehouse:
/// every attempt is a 4xx problem+json that says why, and none reads, writes, attaches or reconfigures anything.
/// </summary>
public sealed class HttpAttackCorpusTests
{
    private ServedWarehouse _served = null!;
    private AttackCorpus _corpus = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _corpus = AttackCorpus.Create();
        _served = await ServedWarehouse.StartAsync(new CubeWarehouse(), new ServingOptions { Limits = { QueryTimeoutSeconds = 10 } }).ConfigureAwait(false);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _served.DisposeAsync().ConfigureAwait(false);
        _corpus.Dispose();
    }

    [TestCaseSource(typeof(AttackCorpus), nameof(AttackCorpus.ThroughHttp))]
    public async Task Refuses_the_attack_with_a_problem_naming_why(string expected, string sql)
    {
        var (status, problem, body) = await Send(sql).ConfigureAwait(false);
        Assert.That(status, Is.InRange(400, 499), body);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(expected).IgnoreCase);
        Assert.That(body, Does.Not.Contain(AttackCorpus.Password).And.Not.Contain("root:x:0"));
    }

    [Test]
    public async Task After_the_whole_corpus_no_file_setting_database_or_table_changed()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection(_served.Warehouse.ConnectionString);
        connection.Open();
        var settings = Rows(connection, "SELECT name, value FROM duckdb_settings() ORDER BY name");
        var databases = Rows(connection, "SELECT database_name FROM duckdb_databases() ORDER BY 1");
        // duckdb_extensions() lists the extension folder, which the sandbox forbids; a loaded extension or a new macro adds functions.
        var functions = Rows(connection, "SELECT count(*) FROM duckdb_functions()");
        var channels = Rows(connection, "SELECT * FROM dw.dim_channel ORDER BY channel_key");
        foreach (var sql in AttackCorpus.ThroughHttp().Select(c => (string)c.Arguments[1]!))
        {
            var (status, _, body) = await Send(sql).ConfigureAwait(false);
            Assert.That(status, Is.InRange(400, 499), $"{sql}\n{body}");
        }

        Assert.That(Directory.EnumerateFileSystemEntries(_corpus.Untouchable), Is.Empty, "nothing was written");
        Assert.That(File.Exists("/tmp/crmw-corpus-out.csv"), Is.False);
        Assert.That(Rows(connection, "SELECT name, value FROM duckdb_settings() ORDER BY name"), Is.EqualTo(settings));
        Assert.That(Rows(connection, "SELECT database_name FROM duckdb_databases() ORDER BY 1"), Is.EqualTo(databases));
        Assert.That(Rows(connection, "SELECT count(*) FROM duckdb_functions()"), Is.EqualTo(functions));
        Assert.That(Rows(connection, "SELECT * FROM dw.dim_channel ORDER BY channel_key"), Is.EqualTo(channels));
        using var health = await _served.Client.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
        Assert.That((int)health.StatusCode, Is.EqualTo(200));
    }

    private async Task<(int Status, JsonElement Problem, string Body)> Send(string sql)
    {
        using var response = await _served.Client.PostAsJsonAsync("/api/sql", new { sql = _corpus.Fill(sql, _served.Warehouse.DatabasePath) }).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), body);
    }

    private static List<string> Rows(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
