using System.Net;
using System.Text.Json;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Mining.Warehouse;
using CrmWarehouse.Tests.Security;
using Microsoft.AspNetCore.Builder;

namespace CrmWarehouse.Tests.Serving;

/// <summary>
/// The customer 360, load health and dashboard figure endpoints on a real Kestrel over the mined test bank, per role:
/// admin in clear, analyst masked, branch manager its branches only, bi and auditor refused what is not theirs.
/// </summary>
[NonParallelizable]
public sealed class CustomerApiTests
{
    private MinedBank _bank = null!;
    private WebApplication _server = null!;
    private Uri _address = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _bank = await MinedBank.Get();
        var options = new ServingOptions { Urls = "http://127.0.0.1:0", Limits = { MaxRows = 1000, QueryTimeoutSeconds = 10 } };
        _server = ServingHost.Build(options, CubeCatalog.Load(CrmwPaths.Cubes), TestUsers.Roles(), _bank.Warehouse.ConnectionString);
        await _server.StartAsync();
        _address = new Uri(_server.Urls.Single());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private HttpClient As(string role, params string[] branches) =>
        TestUsers.Client(_address, _bank.Warehouse.Path, $"c360_{role}_{string.Join("_", branches)}".ToLowerInvariant(), role, branches);

    /// <summary>A customer merged from records of more than one system, with its name and resident ID number in clear.</summary>
    private (long Id, string Name, string IdNumber) MergedCustomer()
    {
        using var connection = _bank.Warehouse.Open();
        var id = (long)connection.Scalar("""
            SELECT min(c.customer_id) FROM dw.dim_customer c
            WHERE c.is_current AND len(c.source_ids) >= 2 AND length(c.name) >= 2 AND c.id_number IS NOT NULL
              AND EXISTS (SELECT 1 FROM dw.dim_account a WHERE a.customer_id = c.customer_id)
            """)!;
        var name = (string)connection.Scalar("SELECT name FROM dw.dim_customer WHERE customer_id = $1 AND is_current", id)!;
        var idNumber = (string)connection.Scalar("SELECT id_number FROM dw.dim_customer WHERE customer_id = $1 AND is_current", id)!;
        return (id, name, idNumber);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, text);
    }

    [Test]
    public async Task Admin_finds_a_customer_by_id_name_or_id_number_and_sees_them_in_clear()
    {
        var (id, name, idNumber) = MergedCustomer();
        using var admin = As("admin");
        foreach (var q in new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, idNumber })
        {
            var (status, body, text) = await Get(admin, $"/api/customers?q={Uri.EscapeDataString(q)}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
            Assert.That(body.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customer_id").GetInt64()), Does.Contain(id), q);
        }

        var (showStatus, customer, showText) = await Get(admin, $"/api/customers/{id}");
        Assert.That(showStatus, Is.EqualTo(HttpStatusCode.OK), showText);
        Assert.That(customer.GetProperty("personalData").GetString(), Is.EqualTo("clear"));
        Assert.That(customer.GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo(name));
        Assert.That(customer.GetProperty("customer").GetProperty("id_number").GetString(), Is.EqualTo(idNumber));
        var records = customer.GetProperty("records").EnumerateArray().ToList();
        Assert.That(records.Select(r => r.GetProperty("name").GetString()), Has.Some.Not.Null, "admin sees each source record's own values");
    }

    [Test]
    public async Task Customer_360_explains_the_merge_field_by_field_with_weights_total_and_threshold()
    {
        var (id, _, _) = MergedCustomer();
        using var analyst = As("analyst");
        var (status, body, text) = await Get(analyst, $"/api/customers/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        var records = body.GetProperty("records").EnumerateArray().ToList();
        using var connection = _bank.Warehouse.Open();
        var sourceIds = connection.Rows($"SELECT unnest(source_ids) FROM dw.dim_customer WHERE customer_id = {id} AND is_current");
        Assert.That(records.Select(r => r.GetProperty("record_id").GetString()), Is.EquivalentTo(sourceIds), "every source record merged into the customer");
        foreach (var record in records)
        {
            Assert.That(record.GetProperty("linked_through").GetString(), Is.AnyOf(sourceIds.ToArray()), "linked through another record of the same customer");
            var fields = record.GetProperty("fields").EnumerateArray().ToList();
            Assert.That(fields.Select(f => f.GetProperty("comparison").GetString()), Is.SupersetOf(new[] { "id_number", "name", "birth_date", "phone" }));
            Assert.That(fields.Select(f => f.GetProperty("level").GetString()), Has.All.Not.Null.And.All.Not.Empty);
            var total = record.GetProperty("prior_weight").GetDouble() + fields.Sum(f => f.GetProperty("weight").GetDouble());
            Assert.That(record.GetProperty("total_weight").GetDouble(), Is.EqualTo(total).Within(1e-6), "the total is the prior plus the fields' weights");
            Assert.That(record.GetProperty("total_weight").GetDouble(), Is.GreaterThanOrEqualTo(record.GetProperty("threshold_weight").GetDouble()));
            Assert.That(record.GetProperty("threshold_probability").GetDouble(), Is.EqualTo(0.95));
        }
    }

    [Test]
    public async Task Analyst_finds_by_id_only_and_sees_the_customer_masked()
    {
        var (id, name, idNumber) = MergedCustomer();
        using var analyst = As("analyst");
        var (byName, _, nameText) = await Get(analyst, $"/api/customers?q={Uri.EscapeDataString(name)}");
        Assert.That(byName, Is.EqualTo(HttpStatusCode.Forbidden), nameText);
        Assert.That(nameText, Does.Contain("by id only"));
        var (byId, found, _) = await Get(analyst, $"/api/customers?q={id}");
        Assert.That(byId, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(found.GetProperty("customers")[0].GetProperty("name").GetString(), Is.EqualTo(name[..1] + new string('*', name.Length - 1)));

        var (status, body, text) = await Get(analyst, $"/api/customers/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(body.GetProperty("personalData").GetString(), Is.EqualTo("masked"));
        Assert.That(text, Does.Not.Contain(name).And.Not.Contain(idNumber));
        Assert.That(body.GetProperty("customer").GetProperty("id_number").GetString(), Does.StartWith(idNumber[..6]).And.EndWith(idNumber[^4..]));
        Assert.That(body.GetProperty("records")[0].TryGetProperty("name", out _), Is.False, "no raw source values for an analyst");
        Assert.That(body.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account_number").GetString()), Has.All.Match("^\\*+[0-9A-Za-z]{4}$"));
        Assert.That(body.GetProperty("balances").GetArrayLength(), Is.Positive);
        Assert.That(body.GetProperty("scores").GetProperty("value_tier").GetString(), Is.Not.Empty);
        Assert.That(body.GetProperty("offers").ValueKind, Is.EqualTo(JsonValueKind.Array));
    }

    [Test]
    public async Task Bi_and_auditor_are_refused_the_customer_360()
    {
        var (id, _, _) = MergedCustomer();
        foreach (var role in new[] { "bi", "auditor" })
        {
            using var client = As(role);
            var (find, _, findText) = await Get(client, $"/api/customers?q={id}");
            var (show, _, showText) = await Get(client, $"/api/customers/{id}");
            Assert.That((find, show), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)), role + ": " + findText + showText);
        }
    }

    [Test]
    public async Task Branch_manager_sees_the_customers_of_its_branches_only()
    {
        var (id, _, _) = MergedCustomer();
        using var connection = _bank.Warehouse.Open();
        var branch = (string)connection.Scalar("SELECT min(b.code) FROM dw.dim_account a JOIN dw.dim_branch b USING (branch_key) WHERE a.customer_id = $1", id)!;
        var elsewhere = (long)connection.Scalar("""
            SELECT min(c.customer_id) FROM dw.dim_customer c WHERE c.is_current AND c.customer_id > 0
              AND NOT EXISTS (SELECT 1 FROM dw.dim_account a JOIN dw.dim_branch b USING (branch_key) WHERE a.customer_id = c.customer_id AND b.code = $1)
            """, branch)!;
        using var manager = As("branch_manager", branch);
        var (status, body, text) = await Get(manager, $"/api/customers/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(body.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("branch").GetString()), Has.All.EqualTo(branch));
        Assert.That(body.GetProperty("personalData").GetString(), Is.EqualTo("masked"));
        var (other, _, otherText) = await Get(manager, $"/api/customers/{elsewhere}");
        Assert.That(other, Is.EqualTo(HttpStatusCode.NotFound), otherText);
        var (find, found, _) = await Get(manager, $"/api/customers?q={elsewhere}");
        Assert.That(find, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(found.GetProperty("customers").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Load_health_gives_admin_and_auditor_rows_per_table_reconciliation_and_rejects_by_rule()
    {
        using var connection = _bank.Warehouse.Open();
        var batchId = (long)connection.Scalar("SELECT max(batch_id) FROM audit.batch WHERE status = 'published'")!;
        var rejects = (long)connection.Scalar("SELECT count(*) FROM audit.rejects WHERE batch_id = $1", batchId)!;
        foreach (var role in new[] { "admin", "auditor" })
        {
            using var client = As(role);
            var (status, body, text) = await Get(client, "/api/loads/latest");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
            Assert.That(body.GetProperty("batch").GetProperty("batch_id").GetInt64(), Is.EqualTo(batchId));
            var tables = body.GetProperty("reconciliation").EnumerateArray().ToList();
            Assert.That(tables, Is.Not.Empty);
            Assert.That(tables.Select(t => t.GetProperty("balanced").GetBoolean()), Has.All.True);
            Assert.That(body.GetProperty("rejects").EnumerateArray().Sum(r => r.GetProperty("rows").GetInt64()), Is.EqualTo(rejects));
            Assert.That(text, Does.Not.Contain("raw_value"));
            var (same, byId, _) = await Get(client, $"/api/loads/{batchId}");
            Assert.That(same, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(byId.GetProperty("reconciliation").GetArrayLength(), Is.EqualTo(tables.Count));
        }

        foreach (var role in new[] { "analyst", "bi" })
        {
            using var client = As(role);
            var (status, _, text) = await Get(client, "/api/loads/latest");
            Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden), role + ": " + text);
        }

        using var unknown = As("admin");
        Assert.That((await Get(unknown, "/api/loads/987654")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Dashboard_figures_follow_the_role_views()
    {
        using var analyst = As("analyst");
        var (status, loyalty, text) = await Get(analyst, "/api/mining/figures/loyalty");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        using var connection = _bank.Warehouse.Open();
        var scored = (long)connection.Scalar("SELECT count(*) FROM mart.customer_value WHERE as_of = (SELECT max(as_of) FROM mart.customer_value)")!;
        Assert.That(loyalty.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("customers").GetInt64()), Is.EqualTo(scored));

        var (alertsStatus, alerts, alertsText) = await Get(analyst, "/api/mining/figures/alert_rules");
        Assert.That(alertsStatus, Is.EqualTo(HttpStatusCode.OK), alertsText);
        var rules = alerts.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!, r => r);
        Assert.That(rules.Keys, Is.EqualTo(new[] { "structuring", "split_deposits", "daily_amount", "velocity", "robust_z" }));
        Assert.That(rules["daily_amount"].GetProperty("threshold").GetString(), Is.EqualTo("daily total >= 200,000 CNY"));
        Assert.That(rules["structuring"].GetProperty("share_of_accounts").GetDouble(), Is.GreaterThan(0).And.LessThan(1));

        foreach (var figure in new[] { "value_tiers", "contribution", "rfm_migration", "offers", "risk_bands" })
        {
            var (figureStatus, _, figureText) = await Get(analyst, "/api/mining/figures/" + figure);
            Assert.That(figureStatus, Is.EqualTo(HttpStatusCode.OK), figure + ": " + figureText);
        }

        using var bi = As("bi");
        Assert.That((await Get(bi, "/api/mining/figures/loyalty")).Status, Is.EqualTo(HttpStatusCode.Forbidden), "customer_value is row-level");
        Assert.That((await Get(bi, "/api/mining/figures/contribution")).Status, Is.EqualTo(HttpStatusCode.OK), "contribution is aggregate");
        Assert.That((await Get(analyst, "/api/mining/figures/nonsense")).Status, Is.EqualTo(HttpStatusCode.NotFound));

        var branch = (string)connection.Scalar("SELECT min(code) FROM dw.dim_branch WHERE branch_key > 0")!;
        using var manager = As("branch_manager", branch);
        var (managerStatus, managerLoyalty, _) = await Get(manager, "/api/mining/figures/loyalty");
        Assert.That(managerStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(managerLoyalty.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("customers").GetInt64()), Is.Positive.And.LessThan(scored));
    }
}
