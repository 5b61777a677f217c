using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// The probe's denial-of-service cases of issue #12, each ending within the query budget (5 s here) with the service
/// still answering: an over-long UNION ALL, a 700,000-value IN filter, a 400 MB answer, a runaway query beside eight
/// busy clients, a user over their concurrent queries, and a client that leaves.
/// </summary>
public sealed class HttpLimitsTests
{
    private const long ResultBytes = 1024 * 1024;
    private ServedWarehouse _served = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var options = new ServingOptions { Limits = { QueryTimeoutSeconds = 5, MaxRows = 100_000, MaxResultBytes = ResultBytes, MaxConcurrentQueriesPerUser = 16 } };
        _served = await ServedWarehouse.StartAsync(new CubeWarehouse(), options).ConfigureAwait(false);
        _client = _served.Client;
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _served.DisposeAsync().ConfigureAwait(false);

    [Test]
    public async Task Twenty_thousand_unions_are_refused_as_too_long_and_the_service_answers_after()
    {
        var sql = string.Join(" UNION ALL ", Enumerable.Repeat("select 1", 20_000));
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql }).ConfigureAwait(false);
        var problem = await Problem(response, HttpStatusCode.RequestEntityTooLarge).ConfigureAwait(false);
        Assert.That(problem, Does.Contain("characters long"));
        await AssertAnswers().ConfigureAwait(false);
    }

    [Test]
    public async Task A_cube_filter_with_700000_values_is_refused_while_its_body_is_read()
    {
        // Sent as a careful client sends a big body (its length first, the body after the server's 100 Continue), so that
        // the refusal reaches it instead of a reset halfway through the upload.
        var query = new { measures = new[] { "amount" }, where = new[] { new { level = "branch.branch", op = "in", values = Enumerable.Range(0, 700_000).Select(i => $"B{i}") } } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cubes/transactions/query") { Content = new StringContent(JsonSerializer.Serialize(query), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request).ConfigureAwait(false);
        var problem = await Problem(response, HttpStatusCode.RequestEntityTooLarge).ConfigureAwait(false);
        Assert.That(problem, Does.Contain("at most 1,048,576 are accepted"));
        await AssertAnswers().ConfigureAwait(false);
    }

    [Test]
    public async Task A_cube_filter_over_the_value_limit_is_refused_naming_the_limit()
    {
        var query = new { measures = new[] { "amount" }, where = new[] { new { level = "branch.branch", op = "in", values = Enumerable.Range(0, 5_000).Select(i => $"B{i}") } } };
        using var response = await _client.PostAsJsonAsync("/api/cubes/transactions/query", query).ConfigureAwait(false);
        var problem = await Problem(response, HttpStatusCode.RequestEntityTooLarge).ConfigureAwait(false);
        Assert.That(problem, Does.Contain("5,000 values").And.Contain("at most 1,000"));
    }

    [TestCase(null)]
    [TestCase("csv")]
    public async Task Twenty_thousand_rows_of_20000_characters_stop_at_the_byte_cap(string? format)
    {
        using var response = await _client.PostAsJsonAsync($"/api/sql{(format is null ? "" : "?format=" + format)}",
            new { sql = "SELECT i, repeat('x', 20000) AS filler FROM range(20000) t(i)" }).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.LongLength, Is.LessThanOrEqualTo(ResultBytes + 1024).And.GreaterThan(ResultBytes / 2));
        if (format is null)
        {
            var json = JsonDocument.Parse(body).RootElement;
            Assert.That(json.GetProperty("truncated").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("truncatedBy").GetString(), Is.EqualTo("bytes"));
            Assert.That(json.GetProperty("rows").GetArrayLength(), Is.InRange(1, 60));
        }
    }

    [Test]
    public async Task A_runaway_query_is_stopped_at_its_timeout_while_eight_other_clients_keep_getting_answers()
    {
        var runaway = _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)" });
        var others = Enumerable.Range(0, 8).Select(async client =>
        {
            var answeredWhileRunning = 0;
            do
            {
                using var response = client % 2 == 0
                    ? await _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT count(*) FROM dw.dim_channel" }).ConfigureAwait(false)
                    : await _client.PostAsJsonAsync("/api/cubes/churn/query", new { measures = new[] { "opened" }, by = new[] { "date.year" } }).ConfigureAwait(false);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                answeredWhileRunning += runaway.IsCompleted ? 0 : 1;
            }
            while (!runaway.IsCompleted);
            return answeredWhileRunning;
        }).ToList();

        using var stopped = await runaway.ConfigureAwait(false);
        var answered = await Task.WhenAll(others).ConfigureAwait(false);
        var problem = await Problem(stopped, HttpStatusCode.RequestTimeout).ConfigureAwait(false);
        Assert.That(problem, Does.Contain("5 s"));
        Assert.That(answered, Has.All.GreaterThan(0), "every client was answered while the runaway ran");
    }

    [Test]
    public async Task A_user_past_their_concurrent_queries_gets_a_429_until_one_ends()
    {
        var slots = _served.Server.Services.GetRequiredService<ServingContext>().Slots;
        var taken = Enumerable.Range(0, 16).Select(_ => slots.Enter("user:admin")).ToList();
        try
        {
            using var refused = await _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT 1" }).ConfigureAwait(false);
            Assert.That(await Problem(refused, HttpStatusCode.TooManyRequests).ConfigureAwait(false), Does.Contain("16 queries running"));
        }
        finally
        {
            taken.ForEach(slot => slot.Dispose());
        }

        await AssertAnswers().ConfigureAwait(false);
    }

    [Test]
    public async Task A_query_whose_client_leaves_is_interrupted_and_gives_its_slot_back()
    {
        // A budget of a minute: only the client leaving can end this query within the wait below.
        await using var served = await ServedWarehouse.StartAsync(new CubeWarehouse(seed: false), new ServingOptions { Limits = { QueryTimeoutSeconds = 60 } }).ConfigureAwait(false);
        var slots = served.Server.Services.GetRequiredService<ServingContext>().Slots;
        using var leaving = new CancellationTokenSource();
        var request = served.Client.PostAsJsonAsync("/api/sql", new { sql = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)" }, leaving.Token);
        Assert.That(() => slots.Running("user:admin"), Is.EqualTo(1).After(20_000, 20), "the query started");
        await leaving.CancelAsync().ConfigureAwait(false);
        Assert.CatchAsync<OperationCanceledException>(async () => await request.ConfigureAwait(false));
        Assert.That(() => slots.Running("user:admin"), Is.Zero.After(20_000, 50), "the server stopped the query when its client left");
    }

    private async Task AssertAnswers()
    {
        using var response = await _client.PostAsJsonAsync("/api/sql", new { sql = "SELECT count(*) FROM dw.dim_channel" }).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    private static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.That(detail, Does.Not.Contain("/tmp/").And.Not.Match(@"PID \d"));
        return detail;
    }
}
