using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>The HTTP endpoints through a real Kestrel on a free loopback port.</summary>
public sealed class HttpApiTests
{
    private ServedWarehouse _served = null!;
    private CubeWarehouse _warehouse = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var warehouse = new CubeWarehouse();
        new RollupRefresher(warehouse.Catalog).Rebuild(warehouse.Connection, CancellationToken.None);
        warehouse.Connection.Exec("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, stage_rows)
            VALUES (7, 'full', 'published', TIMESTAMPTZ '2026-03-14 18:00:00+00', TIMESTAMPTZ '2026-03-14 18:05:00+00', 'schedule', MAP {'load': 1200})
            """);
        _served = await ServedWarehouse.StartAsync(warehouse, new ServingOptions { Limits = { MaxRows = 50, QueryTimeoutSeconds = 1 } }).ConfigureAwait(false);
        (_warehouse, _client) = (_served.Warehouse, _served.Client);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _served.DisposeAsync().ConfigureAwait(false);

    [Test]
    public async Task Lists_the_cubes_and_describes_one()
    {
        var cubes = await _client.GetFromJsonAsync<JsonElement>("/api/cubes").ConfigureAwait(false);
        var churn = await _client.GetFromJsonAsync<JsonElement>("/api/cubes/churn").ConfigureAwait(false);
        Assert.That(cubes.GetArrayLength(), Is.EqualTo(5));
        Assert.That(churn.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("name").GetString()), Does.Contain("loss_to_acquisition"));
        Assert.That(churn.GetProperty("description").GetProperty("zh").GetString(), Does.StartWith("流失"));
    }

    [Test]
    public async Task Cube_query_answers_json_from_the_rollup_with_the_facts_numbers()
    {
        using var response = await _client.PostAsJsonAsync("/api/cubes/transactions/query",
            new { measures = new[] { "amount", "transactions" }, by = new[] { "channel.type" }, totals = "grand" }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("rollup").GetString(), Is.EqualTo("month_category_channel_type"));
        var total = body.GetProperty("rows").EnumerateArray().Single(r => r[0].ValueKind == JsonValueKind.Null);
        Assert.That(total[1].GetString(), Is.EqualTo("合计"));
        Assert.That(total[3].GetDecimal(), Is.EqualTo(_warehouse.Connection.Scalar("SELECT sum(amount) FROM dw.fact_transaction")));
        Assert.That(total[4].GetInt64(), Is.EqualTo(1200));

        // Each column says what it is; each row comes formatted beside its raw values.
        var columns = body.GetProperty("columns").EnumerateArray().ToList();
        Assert.That(columns.Select(c => c.GetProperty("role").GetString()), Is.EqualTo(new[] { "level", "caption", "grouping", "measure", "measure" }));
        Assert.That(columns[3].GetProperty("unit").GetString(), Is.EqualTo("CNY"));
        var formatted = body.GetProperty("formatted").EnumerateArray().Last();
        Assert.That(formatted[3].GetString(), Is.EqualTo(total[3].GetDecimal().ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + " CNY"));
        Assert.That(formatted[4].GetString(), Is.EqualTo("1,200 transactions"));
    }

    [Test]
    public async Task Cube_query_json_binds_filters_ordering_and_limit()
    {
        using var content = new StringContent("""
            {"measures": ["amount"], "by": ["branch.branch"],
             "where": [{"level": "branch.province", "op": "in", "values": ["浙江"]}, {"level": "date.month", "op": "range", "from": 202501, "to": "202506"}],
             "orderBy": [{"field": "amount", "descending": true}], "limit": 1}
            """, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/cubes/transactions/query", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var expected = _warehouse.Rows("""
            SELECT b.code, sum(f.amount) FROM dw.fact_transaction f JOIN dw.dim_branch b USING (branch_key)
            WHERE b.province = '浙江' AND f.date_key // 100 BETWEEN 202501 AND 202506 GROUP BY 1 ORDER BY 2 DESC LIMIT 1
            """);
        var row = body.GetProperty("rows")[0];
        Assert.That(body.GetProperty("rows").GetArrayLength(), Is.EqualTo(1));
        Assert.That($"{row[0].GetString()}|{row[2].GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)}", Is.EqualTo(expected.Single()));
        Assert.That(row[1].GetString(), Does.EndWith("支行"), "the branch's name as its caption");
    }

    [Test]
    public async Task Cube_query_downloads_as_csv()
    {
        using var response = await _client.PostAsJsonAsync("/api/cubes/churn/query?format=csv",
            new { measures = new[] { "opened", "closed" }, by = new[] { "date.year" } }).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("churn.csv"));
        Assert.That(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "date.year,date.year:caption,opened (accounts),closed (accounts)" }.Concat(
            _warehouse.Rows("SELECT date_key // 10000, date_key // 10000, count(*) FILTER (event_type = 'opened'), count(*) FILTER (event_type = 'closed') FROM dw.fact_account_event GROUP BY 1 ORDER BY 1").Select(r => r.Replace('|', ',')))));
    }

    [Test]
    public async Task Explain_returns_the_sql_and_the_rollup_without_running()
    {
        using var response = await _client.PostAsJsonAsync("/api/cubes/balances/query?explain=true",
            new { measures = new[] { "customers" }, by = new[] { "date.month" } }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(body.GetProperty("sql").GetString(), Does.Contain("count(DISTINCT f.customer_id)"));
        Assert.That(body.GetProperty("rollup").ValueKind, Is.EqualTo(JsonValueKind.Null), "distinct counts read the facts");
    }

    [TestCase("/api/cubes/transactions/query", """{"measures": ["amout"]}""", "Unknown measure 'amout'", HttpStatusCode.BadRequest)]
    [TestCase("/api/cubes/nope/query", """{"measures": ["amount"]}""", "Unknown cube 'nope'", HttpStatusCode.BadRequest)]
    [TestCase("/api/sql", """{"sql": "DROP TABLE dw.fact_transaction"}""", "not DROP", HttpStatusCode.Forbidden)]
    [TestCase("/api/sql", """{"sql": "SELECT * FROM read_csv('/etc/passwd')"}""", "Table function 'read_csv'", HttpStatusCode.Forbidden)]
    [TestCase("/api/sql", """{"sql": "SELECT * FROM dw.no_such_table"}""", "no_such_table", HttpStatusCode.BadRequest)]
    [TestCase("/api/sql", """{"sql": "SELECT 1 +"}""", "syntax error", HttpStatusCode.BadRequest)]
    public async Task Errors_come_back_as_problem_json_naming_the_fault(string path, string json, string detail, HttpStatusCode status)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body.GetProperty("detail").GetString(), Does.Contain(detail));
        Assert.That(_warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction"), Is.EqualTo(1200L));
    }

    [Test]
    public async Task Sql_answers_are_capped_and_say_so()
    {
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT * FROM range(1000)" }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(body.GetProperty("rows").GetArrayLength(), Is.EqualTo(50));
        Assert.That(body.GetProperty("truncated").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Sql_that_runs_past_the_timeout_is_interrupted()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)" }).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestTimeout));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
    }

    [Test]
    public async Task Load_history_and_health_answer()
    {
        var loads = await _client.GetFromJsonAsync<JsonElement>("/api/loads").ConfigureAwait(false);
        var health = await _client.GetFromJsonAsync<JsonElement>("/health").ConfigureAwait(false);
        Assert.That(loads.GetProperty("rows")[0][0].GetInt64(), Is.EqualTo(7));
        Assert.That(loads.GetProperty("rows")[0][6].GetDecimal(), Is.EqualTo(300m), "seconds the batch took");
        Assert.That(loads.GetProperty("columns")[7].GetProperty("name").GetString(), Is.EqualTo("stage_rows"));
        Assert.That(loads.GetProperty("rows")[0][7].GetString(), Is.EqualTo("{load=1200}"), "a MAP as DuckDB writes it, not a .NET type name");
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Malformed_json_gets_a_problem_saying_so()
    {
        using var content = new StringContent("{\"sql\": \"select 1\"", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/sql", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body, Does.Contain("JSON"));
    }

    [TestCase("""{"measures": ["amount"], "where": [null]}""", "'where[0]' is null")]
    [TestCase("""{"measures": [null]}""", "'measures[0]' is null")]
    [TestCase("""{"measures": ["amount"], "by": null}""", "'by' must be a list")]
    public async Task A_null_where_a_list_belongs_is_a_400_naming_it(string query, string expected)
    {
        using var content = new StringContent(query, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/cubes/transactions/query", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(body, Does.Contain(expected));
    }

    [Test]
    public async Task Csv_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_and_numbers_are_not()
    {
        using var response = await _client.PostAsJsonAsync("/api/sql?format=csv",
            new { sql = "select '=cmd|'' /C calc''!A0' AS formula, '@SUM(A1)' AS at, -5 AS n, 'plain' AS text" }).ConfigureAwait(false);
        var csv = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), csv);
        var row = csv.Split('\n')[1].TrimEnd('\r');
        Assert.That(row, Is.EqualTo("'=cmd|' /C calc'!A0,'@SUM(A1),-5,plain"));
    }

    [Test]
    public void Errors_for_clients_name_no_path_or_process()
    {
        var message = RequestBoundary.WithoutHostDetails(
            "IO Error: Could not set lock on file \"/work/main/data/warehouse.duckdb\": Conflicting lock is held in /usr/bin/dotnet (PID 4242)");
        Assert.That(message, Is.EqualTo("IO Error: Could not set lock on file \"<path>\": Conflicting lock is held in <path> (PID <n>)"));
        Assert.That(RequestBoundary.WithoutHostDetails("Binder Error: column a / b not found"), Is.EqualTo("Binder Error: column a / b not found"));
    }
}
