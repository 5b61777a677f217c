using System.Net;
using System.Net.Http.Json;
using CrmWarehouse.Serving;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// The file-reading probes that got past the text gate of <c>POST /api/sql</c> (schema-qualified calls), now stopped
/// by DuckDB's own sandbox, which the server locks before it listens.
/// </summary>
public sealed class HttpSandboxTests
{
    private ServedWarehouse _served = null!;
    private HttpClient _client = null!;
    private string _secretFolder = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _secretFolder = Directory.CreateTempSubdirectory("crmw-secret-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_secretFolder, "appsettings.json"), "{\"Password\": \"hunter2\"}").ConfigureAwait(false);
        _served = await ServedWarehouse.StartAsync(new CubeWarehouse(seed: false), new ServingOptions { Limits = { MaxRows = 50, QueryTimeoutSeconds = 5 } }).ConfigureAwait(false);
        _client = _served.Client;
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _served.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_secretFolder, recursive: true);
    }

    [TestCase("select * from main.read_csv('{secret}/appsettings.json')")]
    [TestCase("select * from main.read_csv_auto('{secret}/appsettings.json')")]
    [TestCase("select * from main.read_text('{secret}/appsettings.json')")]
    [TestCase("select * from main.read_blob('{secret}/appsettings.json')")]
    [TestCase("select * from main.read_json_auto('{secret}/appsettings.json')")]
    [TestCase("select * from main.glob('{secret}/*')")]
    [TestCase("select * from main.read_text('{database}.wal')")]
    [TestCase("select * from main.read_blob('{database}')")]
    [TestCase("select * from system.main.read_csv('/etc/passwd')")]
    public async Task Schema_qualified_file_functions_are_refused_without_reading(string sql)
    {
        var text = sql.Replace("{secret}", _secretFolder, StringComparison.Ordinal)
            .Replace("{database}", _served.Warehouse.DatabasePath, StringComparison.Ordinal);
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql = text }).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), body);
        Assert.That(body, Does.Not.Contain("hunter2").And.Not.Contain("root:x:0"));
    }

    [Test]
    public async Task A_refused_file_read_is_a_problem_and_the_server_keeps_answering()
    {
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql = "select * from main.read_csv('/etc/passwd')" }).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var health = await _client.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void The_served_database_is_locked_for_every_connection_in_the_process()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection(_served.Warehouse.ConnectionString);
        connection.Open();
        Assert.That(CrmWarehouse.Warehouse.Sandbox.WarehouseSandbox.IsLocked(connection), Is.True);
    }

    [TestCase("http://0.0.0.0:0")]
    [TestCase("http://*:0")]
    [TestCase("http://127.0.0.1:0;http://192.168.1.20:0")]
    public void Refuses_plain_http_beyond_loopback_unless_told_to(string urls)
    {
        using var warehouse = new CubeWarehouse(seed: false);
        var error = Assert.Throws<InvalidOperationException>(() =>
            CrmWarehouse.Serving.Http.ServingHost.Build(new ServingOptions { Urls = urls }, warehouse.Catalog, CrmWarehouse.Tests.Security.TestUsers.Roles(), warehouse.ConnectionString))!;
        Assert.That(error.Message, Does.Contain("Serving:AllowNonLoopback").And.Contain("in clear"));
    }

    [Test]
    public void Https_beyond_loopback_is_not_exposure() =>
        Assert.That(new ServingOptions { Urls = "https://0.0.0.0:8443" }.NonLoopbackUrls(), Is.Empty);

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://localhost:8080")]
    [TestCase("http://[::1]:8080")]
    public void Loopback_addresses_are_not_exposure(string urls) =>
        Assert.That(new ServingOptions { Urls = urls }.NonLoopbackUrls(), Is.Empty);
}
