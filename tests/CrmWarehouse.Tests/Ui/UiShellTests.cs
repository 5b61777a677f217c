using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace CrmWarehouse.Tests.Ui;

/// <summary>
/// The web UI's shell, explorer and SQL console in Chromium, as a person uses them, checked against the HTTP API's
/// own answers: sign-in, a pivot and its drill-down, CSV export, the SQL gate's refusal, a page a role may not see
/// (and the API refusing it as well), the language switch, a tablet's width, and CSRF.
/// </summary>
[NonParallelizable]
public sealed class UiShellTests
{
    private UiServer _ui = null!;

    [OneTimeSetUp]
    public async Task Start() => _ui = await UiServer.Get();

    [Test]
    public async Task Wrong_password_is_refused_and_the_right_one_signs_in()
    {
        var page = await _ui.NewPageAsync();
        await page.GotoAsync("/ui/");
        await page.FillAsync("input[name=user]", "ui_admin");
        await page.FillAsync("input[name=password]", "not-the-password");
        await page.ClickAsync("form button[type=submit]");
        await Assertions.Expect(page.Locator("form .error")).ToContainTextAsync("wrong");
        Assert.That(await page.Locator("#nav a").CountAsync(), Is.Zero);
        await UiServer.ScreenshotAsync(page, "signin");

        await UiServer.SignInAsync(page, "ui_admin");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "crmw_session");
        Assert.That((cookie.HttpOnly, cookie.SameSite), Is.EqualTo((true, SameSiteAttribute.Strict)));
        Assert.That(await page.Locator("#nav a").AllTextContentsAsync(), Does.Contain("Cube explorer").And.Contain("SQL console"));
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Explorer_pivot_shows_the_api_answer_and_drills_down_from_year_to_quarter()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        await page.GotoAsync("/ui/explorer?cube=churn&m=opened,closed&r=date.year");
        var years = await Cells(page, "opened");
        var api = await _ui.CubeAsync("ui_analyst", "churn", new { measures = new[] { "opened", "closed" }, by = new[] { "date.year" }, totals = "subtotals", language = "en" });
        Assert.That(years, Is.EqualTo(Column(api, "opened")), "the pivot's opened per year (and total) are the API's");
        Assert.That(await Cells(page, "closed"), Is.EqualTo(Column(api, "closed")));

        var year = api.GetProperty("rows")[0][0].GetRawText();
        await page.Locator($".pivot-table .drill[data-level='date.year'][data-key='{year}']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("r=date.quarter", StringComparison.Ordinal));
        Assert.That(Uri.UnescapeDataString(page.Url), Does.Contain($"f=date.year={year}"));
        var drilled = await _ui.CubeAsync("ui_analyst", "churn", new
        {
            measures = new[] { "opened", "closed" }, by = new[] { "date.quarter" }, totals = "subtotals", language = "en",
            where = new object[] { new { level = "date.year", op = "eq", value = int.Parse(year, CultureInfo.InvariantCulture) } },
        });
        await Assertions.Expect(page.Locator(".pivot-table tbody tr")).ToHaveCountAsync(drilled.GetProperty("rows").GetArrayLength());
        Assert.That(await Cells(page, "opened"), Is.EqualTo(Column(drilled, "opened")), "after the drill-down, the quarters of that year");

        // The chart drew the same quarters (ECharts' own option, read back from the page).
        var points = await page.EvaluateAsync<double[]>("() => echarts.getInstanceByDom(document.querySelector('.explorer-chart')).getOption().series[0].data");
        Assert.That(points, Is.EqualTo(Column(drilled, "opened").SkipLast(1).Select(double.Parse).ToArray()));
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Explorer_with_columns_takes_row_totals_from_the_server_and_draws_months_as_lines()
    {
        var page = await _ui.SignedInPageAsync("ui_admin");
        await page.GotoAsync("/ui/explorer?cube=churn&m=opened&r=date.month&c=reason.category&rel=last:12:months");
        await page.WaitForSelectorAsync(".pivot-table td[data-value]");
        var api = await _ui.CubeAsync("ui_admin", "churn", new
        {
            measures = new[] { "opened" }, by = new[] { "date.month" }, totals = "subtotals", language = "en",
            where = new object[] { new { op = "last", count = 12, unit = "months" } },
        });
        var totals = await page.Locator(".pivot-table tbody tr td:last-child").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value ?? '')");
        Assert.That(totals, Is.EqualTo(Column(api, "opened")), "the Total column is the query by rows alone");

        // The README's picture: opened and closed per month over the last year, as lines.
        await page.GotoAsync("/ui/explorer?cube=churn&m=opened,closed&r=date.month&rel=last:12:months");
        await page.WaitForSelectorAsync("main[data-rendered] .pivot-table td[data-value]");
        var kinds = await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.querySelector('.explorer-chart')).getOption().series.map(s => s.type)");
        Assert.That(kinds, Is.EqualTo(new[] { "line", "line" }), "months make a line chart");
        await UiServer.ScreenshotAsync(page, "explorer");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Explorer_exports_the_answer_as_csv()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        await page.GotoAsync("/ui/explorer?cube=churn&m=opened&r=date.year");
        await page.WaitForSelectorAsync(".pivot-table td[data-value]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("button[name=csv]"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        using var client = _ui.ApiClient("ui_analyst");
        using var response = await client.PostAsync(new Uri("/api/cubes/churn/query?format=csv", UriKind.Relative), JsonContent(new { measures = new[] { "opened" }, by = new[] { "date.year" }, totals = "subtotals", language = "en" }));
        Assert.That(download.SuggestedFilename, Is.EqualTo("churn.csv"));
        Assert.That(csv, Is.EqualTo(await response.Content.ReadAsStringAsync()));
        Assert.That(csv, Does.StartWith("date.year,"));
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Sql_console_runs_a_query_and_shows_the_gates_refusal()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        await page.GotoAsync("/ui/sql");
        await page.FillAsync("textarea.editor", "SELECT gender, count(*) AS customers FROM dim_customer WHERE is_current GROUP BY ALL ORDER BY gender");
        await page.PressAsync("textarea.editor", "Control+Enter");
        await page.WaitForSelectorAsync(".result table.grid tbody tr");
        var shown = await page.Locator(".result table.grid tbody tr td:last-child").AllTextContentsAsync();
        using var connection = _ui.Bank.Warehouse.Open();
        var expected = (long)(await Task.Run(() => (object?)DuckDb.DuckDbTestExtensions.Scalar(connection, "SELECT count(*) FROM dw.dim_customer WHERE is_current")))!;
        Assert.That(shown.Sum(s => long.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)), Is.EqualTo(expected));
        Assert.That(await page.Locator(".result .chart canvas").CountAsync(), Is.GreaterThan(0), "a chart of the result");

        await page.FillAsync("textarea.editor", "SELECT * FROM read_csv('/etc/passwd')");
        await page.ClickAsync("button.run");
        await Assertions.Expect(page.Locator(".sql-error")).ToContainTextAsync("403");
        Assert.That(await page.Locator(".sql-error").TextContentAsync(), Does.Contain("read_csv"), "the gate names what it refused");
        await UiServer.ScreenshotAsync(page, "sql-refused");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Auditor_is_refused_the_explorer_page_and_the_api_refuses_its_cube_queries()
    {
        var page = await _ui.SignedInPageAsync("ui_auditor");
        await page.GotoAsync("/ui/explorer?cube=churn");
        await page.WaitForSelectorAsync("[data-refused=explorer]");
        Assert.That(await page.Locator("#nav a").AllTextContentsAsync(), Does.Not.Contain("Cube explorer").And.Contain("SQL console"));

        var csrf = (await (await page.Context.APIRequest.GetAsync("/api/me")).JsonAsync())!.Value.GetProperty("csrf").GetString();
        var refused = await page.Context.APIRequest.PostAsync("/api/cubes/churn/query", new APIRequestContextOptions
        {
            DataObject = new { measures = new[] { "opened" } },
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf! },
        });
        Assert.That(refused.Status, Is.EqualTo(403), await refused.TextAsync());
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Language_follows_the_browser_switches_to_chinese_and_is_remembered()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst", locale: "zh-CN");
        await page.GotoAsync("/ui/explorer?cube=churn&m=opened&r=date.year");
        await Assertions.Expect(page.Locator("#nav a[data-page=explorer]")).ToHaveTextAsync("多维分析");
        await Assertions.Expect(page.Locator(".pivot-table tbody tr.total th").First).ToHaveTextAsync("合计");
        await page.WaitForSelectorAsync(".pivot-table td[data-value]");
        await UiServer.ScreenshotAsync(page, "explorer-zh");

        await page.SelectOptionAsync("#lang", "en");
        await Assertions.Expect(page.Locator("#nav a[data-page=explorer]")).ToHaveTextAsync("Cube explorer");
        await Assertions.Expect(page.Locator(".pivot-table tbody tr.total th").First).ToHaveTextAsync("Total");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#nav a[data-page=explorer]")).ToHaveTextAsync("Cube explorer");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task On_a_tablet_the_nav_folds_behind_the_menu_button()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst", width: 820, height: 1180);
        await page.GotoAsync("/ui/sql");
        await Assertions.Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await page.ClickAsync("#menu");
        await page.ClickAsync("#nav a[data-page=explorer]");
        await page.WaitForSelectorAsync(".pivot-table td[data-value]");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.That(overflow, Is.False, "the explorer fits the tablet's width");
        await UiServer.ScreenshotAsync(page, "explorer-tablet");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task A_cookie_signed_post_without_the_csrf_token_is_refused()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        var body = new { sql = "SELECT 1 AS one" };
        var without = await page.Context.APIRequest.PostAsync("/api/sql", new APIRequestContextOptions { DataObject = body });
        var wrong = await page.Context.APIRequest.PostAsync("/api/sql", new APIRequestContextOptions { DataObject = body, Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = "forged" } });
        var csrf = (await (await page.Context.APIRequest.GetAsync("/api/me")).JsonAsync())!.Value.GetProperty("csrf").GetString();
        var with = await page.Context.APIRequest.PostAsync("/api/sql", new APIRequestContextOptions { DataObject = body, Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf! } });
        Assert.That((without.Status, wrong.Status, with.Status), Is.EqualTo((403, 403, 200)));
        Assert.That(await without.TextAsync(), Does.Contain("X-CSRF-Token"));

        await page.Context.APIRequest.DeleteAsync("/api/session", new APIRequestContextOptions { Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = csrf! } });
        var after = await page.Context.APIRequest.GetAsync("/api/me");
        Assert.That(after.Status, Is.EqualTo((int)HttpStatusCode.Unauthorized), "signed out, the cookie no longer signs in");
        await page.Context.CloseAsync();
    }

    /// <summary>The raw values (data-value) of a measure's cells in the pivot, top to bottom.</summary>
    private static async Task<string[]> Cells(IPage page, string measure)
    {
        await page.WaitForSelectorAsync($".pivot-table td[data-measure='{measure}'][data-value]");
        return await page.Locator($".pivot-table tbody td[data-measure='{measure}']").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value ?? '')");
    }

    /// <summary>A column of a JSON answer as the raw text the page keeps (numbers as JSON wrote them).</summary>
    private static string[] Column(JsonElement answer, string name)
    {
        var at = answer.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList().IndexOf(name);
        return [.. answer.GetProperty("rows").EnumerateArray().Select(r => r[at].ValueKind == JsonValueKind.Null ? string.Empty : r[at].GetRawText())];
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
