using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// Each role over HTTP, on a real Kestrel: what it sees (masked or clear, its branches only, the audit) and what it
/// is refused; sign-in itself; and every query in audit.query_log.
/// </summary>
public sealed class RoleAccessTests
{
    private ServedWarehouse _served = null!;
    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var warehouse = RoleSeed.Warehouse();
        _served = await ServedWarehouse.StartAsync(warehouse, new ServingOptions { Limits = new ServingLimits { MaxRows = 100, QueryTimeoutSeconds = 5 } }).ConfigureAwait(false);
        _warehouse = _served.Warehouse;
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _served.DisposeAsync().ConfigureAwait(false);

    [Test]
    public async Task Analyst_sees_names_id_numbers_phones_and_account_numbers_masked()
    {
        using var analyst = _served.ClientAs("ana", "analyst");
        var customers = await Rows(analyst, "SELECT name, id_number, phone, address FROM dim_customer WHERE customer_key = 3");
        var accounts = await Rows(analyst, "SELECT account_number FROM dim_account WHERE account_key = 1");
        Assert.That(customers, Is.EqualTo(new[] { "李*|110101********0002|138****0002|NULL" }));
        Assert.That(accounts, Is.EqualTo(new[] { "************0001" }));
    }

    [Test]
    public async Task Admin_sees_personal_data_in_clear_through_the_same_view_names()
    {
        var customers = await Rows(_served.Client, "SELECT name, id_number, phone FROM dim_customer WHERE customer_key = 3");
        var accounts = await Rows(_served.Client, "SELECT account_number FROM dim_account WHERE account_key = 1");
        Assert.That(customers, Is.EqualTo(new[] { "李四|110101199003070002|13812340002" }));
        Assert.That(accounts, Is.EqualTo(new[] { "6222020200000001" }));
    }

    [TestCase("SELECT count(*) FROM dim_customer")]
    [TestCase("SELECT count(*) FROM dw.dim_customer")]
    [TestCase("SELECT count(*) FROM role_analyst.dim_customer")]
    [TestCase("SELECT count(*) FROM fact_transaction")]
    [TestCase("WITH c AS (SELECT * FROM dw.dim_account) SELECT count(*) FROM c")]
    [TestCase("SELECT * FROM query_table('dw.dim_customer')")]
    public async Task Bi_is_refused_row_level_customer_data(string sql)
    {
        using var bi = _served.ClientAs("bi_tool", "bi");
        using var response = await bi.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body, Does.Contain("role_bi"));
    }

    [TestCase("{}")]
    [TestCase("""{"sql": ""}""")]
    [TestCase("""{"sql": "   "}""")]
    public async Task An_empty_query_of_a_role_is_a_400_not_a_failure(string json)
    {
        using var analyst = _served.ClientAs("ana", "analyst");
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await analyst.PostAsync(new Uri("/api/sql", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Bi_gets_cubes_rollups_and_the_branch_dimension()
    {
        using var bi = _served.ClientAs("bi_tool", "bi");
        using var cube = await bi.PostAsJsonAsync("/api/cubes/transactions/query", new { measures = new[] { "amount" }, by = new[] { "channel.type" } });
        var branches = await Rows(bi, "SELECT count(*) FROM dim_branch");
        Assert.That(cube.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cube.Content.ReadAsStringAsync());
        Assert.That(branches, Is.EqualTo(new[] { "4" }));
    }

    [Test]
    public async Task Branch_manager_counts_the_customers_of_their_branch_only()
    {
        using var manager = _served.ClientAs("hz01_manager", "branch_manager", "HZ01");
        var expected = _warehouse.Rows("""
            SELECT count(*) FROM dw.dim_customer WHERE customer_id IN
                (SELECT a.customer_id FROM dw.dim_account a JOIN dw.dim_branch b USING (branch_key) WHERE b.code = 'HZ01')
            """);
        var facts = _warehouse.Rows("SELECT count(*) FROM dw.fact_transaction f JOIN dw.dim_branch b USING (branch_key) WHERE b.code = 'HZ01'");
        Assert.That(await Rows(manager, "SELECT count(*) FROM dim_customer"), Is.EqualTo(expected));
        Assert.That(expected, Is.EqualTo(new[] { "3" }), "customer 1 in two versions and customer 3");
        Assert.That(await Rows(manager, "SELECT count(*) FROM fact_transaction"), Is.EqualTo(facts));
        Assert.That(await Rows(manager, "SELECT DISTINCT substr(name, 1, 1) || '|' || length(name) FROM dim_customer ORDER BY 1"), Is.EqualTo(new[] { "张|2", "王|2" }), "masked like an analyst's");
    }

    [Test]
    public async Task A_statement_asked_again_runs_from_a_kept_plan_that_never_crosses_roles_or_branches()
    {
        using var hz01 = _served.ClientAs("hz01_manager", "branch_manager", "HZ01");
        using var nj01 = _served.ClientAs("nj01_manager", "branch_manager", "NJ01");
        using var analyst = _served.ClientAs("ana", "analyst");
        const string customers = "SELECT customer_id FROM dim_customer WHERE customer_key > 0 GROUP BY customer_id ORDER BY customer_id";
        const string name = "SELECT name FROM dim_customer WHERE customer_key = 3";
        List<string> Customers(string branch) => _warehouse.Rows($"""
            SELECT customer_id FROM dw.dim_customer WHERE customer_key > 0 AND customer_id IN
                (SELECT a.customer_id FROM dw.dim_account a JOIN dw.dim_branch b USING (branch_key) WHERE b.code = '{branch}')
            GROUP BY customer_id ORDER BY customer_id
            """).ToList();
        var (inHz01, inNj01, all) = (Customers("HZ01"), Customers("NJ01"), _warehouse.Rows("SELECT customer_id FROM dw.dim_customer WHERE customer_key > 0 GROUP BY customer_id ORDER BY customer_id").ToList());
        Assert.That(new[] { inHz01, inNj01, all }.Select(ids => string.Join(",", ids)).Distinct().Count(), Is.EqualTo(3), "the seed tells the three apart");

        // The first round runs each text as sent, the second prepares it, the third executes the kept plan.
        for (var round = 1; round <= 3; round++)
        {
            Assert.That(await Rows(hz01, customers), Is.EqualTo(inHz01), $"round {round}");
            Assert.That(await Rows(nj01, customers), Is.EqualTo(inNj01), $"round {round}");
            Assert.That(await Rows(analyst, customers), Is.EqualTo(all), $"round {round}");
            Assert.That(await Rows(_served.Client, customers), Is.EqualTo(all), $"round {round}");
            Assert.That(await Rows(_served.Client, name), Is.EqualTo(new[] { "李四" }), $"round {round}");
            Assert.That(await Rows(analyst, name), Is.EqualTo(new[] { "李*" }), $"round {round}");
        }

        Assert.That(_served.Context.Connections.KeptPlans, Is.GreaterThanOrEqualTo(5), "the plans were kept and used");
    }

    [Test]
    public async Task Branch_manager_cubes_answer_for_their_branches_from_the_facts_never_a_rollup()
    {
        using var manager = _served.ClientAs("hz01_manager", "branch_manager", "HZ01");
        using var response = await manager.PostAsJsonAsync("/api/cubes/transactions/query", new { measures = new[] { "amount" }, by = new[] { "channel.type" }, totals = "grand" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var total = body.GetProperty("rows").EnumerateArray().Single(r => r[0].ValueKind == JsonValueKind.Null);
        var branch = _warehouse.Connection.Scalar("SELECT sum(f.amount) FROM dw.fact_transaction f JOIN dw.dim_branch b USING (branch_key) WHERE b.code = 'HZ01'");
        Assert.That(total[3].GetDecimal(), Is.EqualTo(branch));
        Assert.That(body.GetProperty("rollup").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // A derived table (visits per customer and year) is read through the role's views too.
        using var visits = await manager.PostAsJsonAsync("/api/cubes/interactions/query", new { measures = new[] { "customers" }, by = new[] { "customer.gender", "visit_frequency.band" } });
        var explained = await manager.PostAsJsonAsync("/api/cubes/interactions/query?explain=true", new { measures = new[] { "customers" }, by = new[] { "visit_frequency.band" } });
        Assert.That(visits.StatusCode, Is.EqualTo(HttpStatusCode.OK), await visits.Content.ReadAsStringAsync());
        Assert.That(await explained.Content.ReadAsStringAsync(), Does.Not.Contain("dw.fact_interaction"));
    }

    [Test]
    public async Task Auditor_sees_the_audit_with_rejected_values_redacted_and_no_customers()
    {
        using var auditor = _served.ClientAs("audrey", "auditor");
        var rejects = await Rows(auditor, "SELECT rule, raw_value FROM rejects");
        using var customers = await auditor.PostAsJsonAsync("/api/sql", new { sql = "SELECT count(*) FROM dim_customer" });
        using var cube = await auditor.PostAsJsonAsync("/api/cubes/churn/query", new { measures = new[] { "opened" } });
        Assert.That(rejects, Is.EqualTo(new[] { "id_number_check_digit|NULL" }));
        Assert.That(await Rows(auditor, "SELECT count(*) >= 0 FROM query_log"), Is.EqualTo(new[] { "true" }));
        Assert.That((customers.StatusCode, cube.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
    }

    [Test]
    public async Task Without_credentials_or_with_wrong_ones_every_endpoint_but_health_is_401()
    {
        using var anonymous = new HttpClient { BaseAddress = _served.BaseAddress };
        using var none = await anonymous.PostAsJsonAsync("/api/sql", new { sql = "SELECT 1" });
        using var cubes = await anonymous.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        using var health = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "crmw_0123456789_not-a-real-token");
        using var forged = await anonymous.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        Assert.That((none.StatusCode, cubes.StatusCode, forged.StatusCode, health.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
        Assert.That(none.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EquivalentTo(new[] { "Bearer", "Basic" }));
        Assert.That(none.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Basic_sign_in_checks_the_password_against_the_verifier()
    {
        var users = CrmWarehouse.Serving.Security.UserDirectory.ForWarehouse(_warehouse.DatabasePath);
        if (users.Find("basil") is null)
        {
            users.Add("basil", TestUsers.Roles().Get("analyst"), [], "correct horse battery");
        }

        using var right = new HttpClient { BaseAddress = _served.BaseAddress };
        right.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("basil:correct horse battery"u8.ToArray()));
        using var wrong = new HttpClient { BaseAddress = _served.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("basil:wrong horse battery"u8.ToArray()));
        using var signedIn = await right.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        using var again = await right.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        using var refused = await wrong.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        Assert.That((signedIn.StatusCode, again.StatusCode, refused.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized)));
    }

    [Test]
    public async Task A_role_without_the_right_gets_403_naming_it()
    {
        using var bi = _served.ClientAs("bi_tool", "bi");
        using var loads = await bi.GetAsync(new Uri("/api/loads", UriKind.Relative));
        using var auditor = _served.ClientAs("audrey", "auditor");
        using var cube = await auditor.PostAsJsonAsync("/api/cubes/churn/query", new { measures = new[] { "opened" } });
        Assert.That((loads.StatusCode, cube.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await loads.Content.ReadAsStringAsync(), Does.Contain("role bi"));
    }

    [Test]
    public async Task Every_query_lands_in_the_query_log_with_user_role_door_rows_and_never_a_value()
    {
        using var analyst = _served.ClientAs("logged_analyst", "analyst");
        await Rows(analyst, "SELECT name FROM dim_customer WHERE customer_key IN (3, 4) ORDER BY customer_key");
        using var refused = await analyst.PostAsJsonAsync("/api/sql", new { sql = "SELECT name FROM dw.customer_source_record" });
        await _served.Context.Audit.FlushAsync(CancellationToken.None);

        var logged = _warehouse.Rows("""
            SELECT user_name, role, door, outcome, rows_returned, array_to_string(relations, ','), client_address IS NOT NULL, duration_ms >= 0
            FROM audit.query_log WHERE user_name = 'logged_analyst' ORDER BY logged_at
            """);
        Assert.That(logged, Is.EqualTo(new[]
        {
            "logged_analyst|analyst|http|ok|2|role_analyst.dim_customer|true|true",
            "logged_analyst|analyst|http|refused|NULL||true|true",
        }));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(_warehouse.Rows("SELECT count(*) FROM audit.query_log WHERE user_name = 'logged_analyst' AND (sql_text LIKE '%李*%' OR reason LIKE '%李*%')"), Is.EqualTo(new[] { "0" }), "no result value");
    }

    private static async Task<List<string>> Rows(HttpClient client, string sql)
    {
        using var response = await client.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{sql}: {body}");
        return body.GetProperty("rows").EnumerateArray()
            .Select(row => string.Join("|", row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? "NULL" : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())))
            .ToList();
    }
}
