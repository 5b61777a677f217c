using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.PgWire.Session;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// Every role of config/roles.json asks the same questions through both doors of one service, HTTP <c>POST /api/sql</c>
/// and the PostgreSQL wire (Npgsql): the same (masked) answers and the same refusals, because both read the role's
/// views through the same gate. A branch manager's count of customers is their branch's, counted independently from
/// <c>dw</c>; without valid credentials, HTTP says 401 and the wire 28P01.
/// </summary>
public sealed class EveryRoleBothDoorsTests
{
    private const string Password = "a long passphrase for the test";

    /// <summary>Each value cast to text, so that both doors' answers compare as DuckDB prints them.</summary>
    private static readonly string[] Questions =
    [
        "SELECT count(*)::VARCHAR FROM dim_customer",
        "SELECT customer_id::VARCHAR, name, id_number, phone, address FROM dim_customer ORDER BY ALL",
        "SELECT account_number FROM dim_account ORDER BY ALL",
        "SELECT count(*)::VARCHAR, sum(amount)::VARCHAR FROM fact_transaction",
        "SELECT code FROM dim_branch ORDER BY ALL",
        "SELECT rule, raw_value FROM rejects ORDER BY ALL",
        "SELECT count(*)::VARCHAR FROM query_log WHERE false",
        "SELECT count(*)::VARCHAR FROM dw.dim_customer",
        "SELECT count(*)::VARCHAR FROM role_admin.dim_customer",
        "SELECT * FROM read_csv('/etc/passwd')",
    ];

    private static readonly string[] Roles = ["admin", "analyst", "bi", "branch_manager", "auditor"];

    private ServedWarehouse _served = null!;
    private int _wirePort;

    [OneTimeSetUp]
    public async Task StartBothDoors()
    {
        var options = new ServingOptions { Limits = new ServingLimits { QueryTimeoutSeconds = 30 } };
        options.PgWire.Enabled = true;
        options.PgWire.Port = 0;
        _served = await ServedWarehouse.StartAsync(RoleSeed.Warehouse(), options).ConfigureAwait(false);
        _wirePort = _served.Server.Services.GetRequiredService<PgWireService>().Endpoint!.Port;
        var users = UserDirectory.ForWarehouse(_served.Warehouse.DatabasePath);
        foreach (var role in Roles)
        {
            users.Add(UserOf(role), TestUsers.Roles().Get(role), role == "branch_manager" ? ["HZ01"] : [], Password);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync().ConfigureAwait(false);

    [TestCaseSource(nameof(Roles))]
    public async Task A_role_gets_the_same_answers_and_refusals_over_http_and_the_wire(string role)
    {
        using var http = HttpAs(role);
        await using var wire = await WireAsync(UserOf(role), Password);
        foreach (var sql in Questions)
        {
            var overHttp = await AskHttpAsync(http, sql);
            var overWire = await AskWireAsync(wire, sql);
            Assert.That(overWire, Is.EqualTo(overHttp), $"{role}: {sql}");
        }
    }

    [Test]
    public async Task Each_role_sees_what_its_declaration_says()
    {
        var answers = new Dictionary<string, Dictionary<string, string>>();
        foreach (var role in Roles)
        {
            using var http = HttpAs(role);
            answers[role] = [];
            foreach (var sql in Questions)
            {
                answers[role][sql] = await AskHttpAsync(http, sql);
            }
        }

        string Of(string role, int question) => answers[role][Questions[question]];
        Assert.Multiple(() =>
        {
            Assert.That(Of("admin", 1), Does.Contain("13812340003").And.Contain("110101199003070003"), "admin: personal data in clear");
            Assert.That(Of("admin", 7), Does.StartWith("ok"), "admin reads the base schemas");
            Assert.That(Of("analyst", 1), Does.Contain("138****0003").And.Contain("110101********0003").And.Not.Contain("13812340003"), "analyst: masked");
            Assert.That(Of("analyst", 2), Does.Contain("************0001").And.Not.Contain("6222020200000001"));
            Assert.That(Of("branch_manager", 1), Does.Contain("138****").And.Not.Contain("13812340002"), "branch manager: masked, and customer 2 (branch 3) not there");
            foreach (var role in new[] { "analyst", "bi", "branch_manager", "auditor" })
            {
                Assert.That(Of(role, 7), Does.StartWith("refused"), $"{role} does not read dw directly");
                Assert.That(Of(role, 8), Does.StartWith("refused"), $"{role} does not read admin's views");
            }

            foreach (var role in Roles)
            {
                Assert.That(Of(role, 9), Does.StartWith("refused"), $"{role}: no file is read");
            }

            Assert.That(new[] { Of("bi", 0), Of("bi", 1), Of("bi", 2), Of("bi", 3) }, Has.All.StartWith("refused"), "bi: nothing row-level about a customer or an account");
            Assert.That(Of("bi", 4), Does.StartWith("ok"));
            Assert.That(new[] { Of("auditor", 0), Of("auditor", 3) }, Has.All.StartWith("refused"), "auditor: no customers or facts");
            Assert.That(Of("auditor", 5), Is.EqualTo("ok: id_number_check_digit|NULL"), "auditor: rejects with the raw value redacted");
            Assert.That(new[] { Of("analyst", 5), Of("bi", 6) }, Has.All.StartWith("refused"), "the audit is the auditor's and admin's");
        });
    }

    [Test]
    public async Task A_branch_managers_count_of_customers_is_that_branchs_counted_from_dw()
    {
        var expected = _served.Warehouse.Rows("""
            SELECT count(*) FROM dw.dim_customer WHERE customer_id IN
                (SELECT a.customer_id FROM dw.dim_account a JOIN dw.dim_branch b USING (branch_key) WHERE b.code = 'HZ01')
            """).Single();
        var whole = _served.Warehouse.Rows("SELECT count(*) FROM dw.dim_customer").Single();
        using var http = HttpAs("branch_manager");
        await using var wire = await WireAsync(UserOf("branch_manager"), Password);

        Assert.That(await AskHttpAsync(http, Questions[0]), Is.EqualTo($"ok: {expected}"));
        Assert.That(await AskWireAsync(wire, Questions[0]), Is.EqualTo($"ok: {expected}"));
        Assert.That(expected, Is.Not.EqualTo(whole), "the branch holds fewer customers than the bank, or the test proves nothing");
    }

    [Test]
    public async Task Without_valid_credentials_http_is_401_and_the_wire_28P01()
    {
        using var anonymous = new HttpClient { BaseAddress = _served.BaseAddress };
        using var none = await anonymous.PostAsJsonAsync("/api/sql", new { sql = Questions[0] });
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{UserOf("analyst")}:wrong password")));
        using var wrong = await anonymous.PostAsJsonAsync("/api/sql", new { sql = Questions[0] });
        var refused = Assert.ThrowsAsync<PostgresException>(async () => await WireAsync(UserOf("analyst"), "wrong password"))!;
        var unknown = Assert.ThrowsAsync<PostgresException>(async () => await WireAsync("nobody", Password))!;

        Assert.That((none.StatusCode, wrong.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)));
        Assert.That((refused.SqlState, unknown.SqlState), Is.EqualTo(("28P01", "28P01")));
    }

    private static string UserOf(string role) => role.Replace('_', '-') + "-user";

    private HttpClient HttpAs(string role)
    {
        var client = new HttpClient { BaseAddress = _served.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UserDirectory.ForWarehouse(_served.Warehouse.DatabasePath).IssueToken(UserOf(role)));
        return client;
    }

    private async Task<NpgsqlConnection> WireAsync(string user, string password)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = _wirePort, Database = "warehouse", Username = user, Password = password,
            SslMode = SslMode.Disable, Pooling = false, Timeout = 30, CommandTimeout = 30,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A refusal as both doors must agree on it: refused, naming the same table or function first. The rest of the
    /// wording differs on purpose: the wire's scope adds its catalogue schemas (pg_catalog, information_schema) to the list.
    /// </summary>
    private static string Refused(string message) =>
        "refused: " + (System.Text.RegularExpressions.Regex.Match(message, "'([^']*)'") is { Success: true } named ? named.Groups[1].Value : message);

    /// <summary>"ok: row; row" with columns joined by '|', or "refused: what" (403), or "error" (another 4xx).</summary>
    private static async Task<string> AskHttpAsync(HttpClient client, string sql)
    {
        using var response = await client.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.StatusCode switch
        {
            HttpStatusCode.OK => "ok: " + string.Join("; ", body.GetProperty("rows").EnumerateArray()
                .Select(row => string.Join("|", row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? "NULL" : v.GetString())))),
            HttpStatusCode.Forbidden => Refused(body.GetProperty("detail").GetString()!),
            _ => $"error {(int)response.StatusCode}",
        };
    }

    /// <summary>
    /// As <see cref="AskHttpAsync"/>, over the wire: 42501 is a refusal, and so is 42P01 carrying the gate's refusal as
    /// its hint (a name outside the role's views is "relation does not exist" to a PostgreSQL client, as in PostgreSQL);
    /// another SQLSTATE is an error.
    /// </summary>
    private static async Task<string> AskWireAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i))));
            }

            return "ok: " + string.Join("; ", rows);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            return Refused(e.MessageText);
        }
        catch (PostgresException e) when (e.SqlState == "42P01" && e.Hint is { Length: > 0 } gate)
        {
            return Refused(gate);
        }
        catch (PostgresException e)
        {
            return $"error {(e.SqlState.StartsWith("42", StringComparison.Ordinal) ? 400 : 500)}";
        }
    }
}
