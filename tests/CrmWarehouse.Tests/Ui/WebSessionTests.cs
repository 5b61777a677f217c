using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.Security;

namespace CrmWarehouse.Tests.Ui;

/// <summary>
/// What the web UI stands on, over HTTP on a real Kestrel (no browser): the session cookie and its CSRF token, the
/// sign-in throttle, /api/me's capabilities per role, members of a level, Excel answers, the OpenAPI document and the
/// static files.
/// </summary>
public sealed class WebSessionTests
{
    private ServedWarehouse _served = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _served = await ServedWarehouse.StartAsync(new CubeWarehouse(), new ServingOptions()).ConfigureAwait(false);
        var users = UserDirectory.ForWarehouse(_served.Warehouse.DatabasePath);
        foreach (var role in new[] { "admin", "analyst", "bi", "auditor" })
        {
            users.Add("web_" + role, TestUsers.Roles().Get(role), [], Password("web_" + role));
        }
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _served.DisposeAsync().ConfigureAwait(false);

    private static string Password(string user) => user + "-password";

    [Test]
    public async Task Sign_in_sets_an_httponly_strict_expiring_cookie_that_signs_later_requests_in()
    {
        using var browser = Browser();
        using var signIn = await browser.PostAsJsonAsync("/api/session", new { user = "web_analyst", password = Password("web_analyst") });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cookie, Does.StartWith("crmw_session=").And.Contain("httponly").And.Contain("samesite=strict").And.Contain("expires="));
        Assert.That(cookie, Does.Not.Contain("secure"), "plain http on loopback: Secure only under https");

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("user").GetString(), Is.EqualTo("web_analyst"));
        Assert.That(me.GetProperty("csrf").GetString(), Has.Length.GreaterThan(20));
    }

    [Test]
    public async Task A_state_changing_request_signed_by_cookie_needs_the_csrf_token_but_a_get_does_not()
    {
        using var browser = Browser();
        var signedIn = await (await browser.PostAsJsonAsync("/api/session", new { user = "web_analyst", password = Password("web_analyst") })).Content.ReadFromJsonAsync<JsonElement>();
        using var without = await browser.PostAsJsonAsync("/api/sql", new { sql = "SELECT 1" });
        using var get = await browser.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        browser.DefaultRequestHeaders.Add("X-CSRF-Token", signedIn.GetProperty("csrf").GetString());
        using var with = await browser.PostAsJsonAsync("/api/sql", new { sql = "SELECT 1" });
        Assert.That((without.StatusCode, get.StatusCode, with.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [Test]
    public async Task Signing_out_or_removing_the_user_ends_the_session()
    {
        using var browser = Browser();
        var users = UserDirectory.ForWarehouse(_served.Warehouse.DatabasePath);
        users.Add("web_leaver", TestUsers.Roles().Get("analyst"), [], Password("web_leaver"));
        await browser.PostAsJsonAsync("/api/session", new { user = "web_leaver", password = Password("web_leaver") });
        Assert.That((await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        users.Remove("web_leaver");
        Assert.That((await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var other = Browser();
        var signedIn = await (await other.PostAsJsonAsync("/api/session", new { user = "web_bi", password = Password("web_bi") })).Content.ReadFromJsonAsync<JsonElement>();
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add("X-CSRF-Token", signedIn.GetProperty("csrf").GetString());
        Assert.That((await other.SendAsync(signOut)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await other.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Repeated_wrong_passwords_are_throttled_even_before_the_right_one()
    {
        // A server of its own: failures are counted per client address too, and every test here comes from loopback.
        await using var served = await ServedWarehouse.StartAsync(new CubeWarehouse(), new ServingOptions());
        UserDirectory.ForWarehouse(served.Warehouse.DatabasePath).Add("web_guessed", TestUsers.Roles().Get("analyst"), [], Password("web_guessed"));
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = served.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await browser.PostAsJsonAsync("/api/session", new { user = "web_guessed", password = "guess-" + i })).StatusCode);
        }

        using var right = await browser.PostAsJsonAsync("/api/session", new { user = "web_guessed", password = Password("web_guessed") });
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(right.Headers.RetryAfter, Is.Not.Null);
    }

    [TestCase("web_admin", true, true, "clear", true, true)]
    [TestCase("web_analyst", true, true, "masked", false, false)]
    [TestCase("web_bi", true, false, "masked", false, false)]
    [TestCase("web_auditor", false, false, "masked", false, true)]
    public async Task Me_states_what_the_role_may_do(string user, bool cubes, bool customerRows, string personalData, bool search, bool loads)
    {
        using var client = Basic(user);
        var capabilities = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("capabilities");
        Assert.That(
            (capabilities.GetProperty("cubes").GetBoolean(), capabilities.GetProperty("customerRows").GetBoolean(), capabilities.GetProperty("personalData").GetString(),
             capabilities.GetProperty("searchByPersonalData").GetBoolean(), capabilities.GetProperty("loads").GetBoolean(), capabilities.GetProperty("sql").GetBoolean()),
            Is.EqualTo((cubes, customerRows, personalData, search, loads, true)));
    }

    [Test]
    public async Task Members_of_a_level_come_in_its_order_with_captions_and_only_for_roles_with_cubes()
    {
        using var analyst = Basic("web_analyst");
        var members = await analyst.GetFromJsonAsync<JsonElement>("/api/cubes/transactions/members/date.year?lang=en");
        var years = members.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt32()).ToList();
        Assert.That(years, Is.EqualTo(new[] { 2025, 2026 }));
        Assert.That(members.GetProperty("rows")[0][1].GetString(), Is.EqualTo("2025"));

        using var unknown = await analyst.GetAsync(new Uri("/api/cubes/transactions/members/date.century", UriKind.Relative));
        using var auditor = Basic("web_auditor");
        using var refused = await auditor.GetAsync(new Uri("/api/cubes/transactions/members/date.year", UriKind.Relative));
        Assert.That((unknown.StatusCode, refused.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.Forbidden)));
    }

    [Test]
    public async Task Excel_answers_keep_numbers_as_numbers_and_formulas_as_text()
    {
        using var admin = Basic("web_admin");
        using var response = await admin.PostAsJsonAsync("/api/sql?format=xlsx", new { sql = "SELECT '=HYPERLINK(\"http://x\")' AS label, 42.5 AS amount" });
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheets.First();
        Assert.That((sheet.Cell(1, 1).GetString(), sheet.Cell(1, 2).GetString()), Is.EqualTo(("label", "amount")));
        Assert.That(sheet.Cell(2, 1).HasFormula, Is.False);
        Assert.That(sheet.Cell(2, 1).GetString(), Does.StartWith("'="));
        Assert.That(sheet.Cell(2, 2).GetDouble(), Is.EqualTo(42.5));

        using var cube = await admin.PostAsJsonAsync("/api/cubes/transactions/query?format=xlsx", new { measures = new[] { "amount" }, by = new[] { "date.year" } });
        using var cubeBook = new XLWorkbook(await cube.Content.ReadAsStreamAsync());
        Assert.That(cubeBook.Worksheets.First().Cell(1, 3).GetString(), Is.EqualTo("amount (CNY)"), "the header names the unit, as CSV does");
    }

    [Test]
    public async Task The_openapi_document_and_the_ui_files_are_public_and_compressed()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = _served.BaseAddress };
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Does.Contain("/api/cubes/{name}/query").And.Contain("/api/sql").And.Contain("/api/session").And.Contain("/api/me"));

        using var root = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
        Assert.That((root.StatusCode, root.Headers.Location?.ToString()), Is.EqualTo((HttpStatusCode.Redirect, "/ui/")));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/vendor/echarts.min.js");
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var echarts = await anonymous.SendAsync(request);
        Assert.That(echarts.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(echarts.Content.Headers.ContentLength, Is.LessThan(600_000), "ECharts' 1.1 MB, compressed");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/vendor/echarts.min.js");
        again.Headers.IfNoneMatch.Add(echarts.Headers.ETag!);
        using var revalidated = await anonymous.SendAsync(again);
        Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), "a browser's cached copy is revalidated, not sent again");
        using var page = await anonymous.GetAsync(new Uri("/ui/explorer?cube=churn", UriKind.Relative));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<script type=\"module\" src=\"/ui/app.js\">"));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'"));

        Assert.That(_served.Server.WebUiCompressedBytes(), Is.LessThan(2 * 1024 * 1024));
        using var api = await anonymous.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the API itself stays behind sign-in");
    }

    /// <summary>A client that keeps cookies, as a browser does.</summary>
    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = _served.BaseAddress };

    private HttpClient Basic(string user)
    {
        var client = new HttpClient { BaseAddress = _served.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{Password(user)}")));
        return client;
    }
}
