using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Playwright;

namespace CrmWarehouse.Tests.Ui;

/// <summary>
/// The dashboards and the customer 360 in Chromium: the churn chart draws exactly what the churn cube answers, a
/// customer 360 shows an analyst masked data and an admin clear data with the match's explanation, and a bi user is
/// refused the page and its API. Screenshots of both go to build/ui-screenshots/.
/// </summary>
[NonParallelizable]
public sealed class DashboardUiTests
{
    /// <summary>The query of the churn dashboard's monthly chart (pages/dashboards-churn.js, monthlyQuery).</summary>
    private static readonly object MonthlyChurn = new
    {
        measures = new[] { "opened", "closed", "net_change", "loss_to_acquisition" },
        by = new[] { "date.month" },
        language = "en",
    };

    private UiServer _ui = null!;

    [OneTimeSetUp]
    public async Task Start() => _ui = await UiServer.Get();

    [Test]
    public async Task Churn_dashboard_charts_what_the_churn_cube_answers()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        await page.GotoAsync("/ui/churn");
        await page.WaitForSelectorAsync("[data-chart=churn-monthly] canvas");
        await page.WaitForSelectorAsync("[data-chart=churn-kinds] canvas");
        var option = await page.EvaluateAsync<JsonElement>("""
            () => {
              const o = echarts.getInstanceByDom(document.querySelector('[data-chart=churn-monthly]')).getOption();
              return { months: o.xAxis[0].data, series: o.series.map((s) => s.data) };
            }
            """);

        var answer = await _ui.CubeAsync("ui_analyst", "churn", MonthlyChurn);
        var columns = answer.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        var rows = answer.GetProperty("rows").EnumerateArray().ToList();
        Assert.That(rows, Has.Count.GreaterThan(12), "the demo bank has years of months");
        Assert.That(option.GetProperty("months").EnumerateArray().Select(m => m.GetString()),
            Is.EqualTo(rows.Select(r => Text(r[columns.IndexOf("date.month")]))));
        var series = option.GetProperty("series").EnumerateArray().ToList();
        var measures = new[] { "opened", "closed", "net_change", "loss_to_acquisition" };
        for (var s = 0; s < measures.Length; s++)
        {
            var drawn = series[s].EnumerateArray().Select(Number).ToList();
            var asked = rows.Select(r => Number(r[columns.IndexOf(measures[s])])).ToList();
            Assert.That(drawn, Is.EqualTo(asked), measures[s]);
        }

        Assert.That(await page.TextContentAsync(".reproduce"), Does.Contain("./crmw cube query churn --measures opened,closed,net_change,loss_to_acquisition --by date.month"));
        await UiServer.ScreenshotAsync(page, "churn");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Analyst_sees_a_customer_360_masked_with_the_match_explanation()
    {
        var (id, name, idNumber) = MergedCustomer();
        var page = await _ui.SignedInPageAsync("ui_analyst");
        await page.GotoAsync($"/ui/customer?id={id}");
        await page.WaitForSelectorAsync($".customer-view[data-customer='{id}'] .record .evidence .chip[data-comparison=id_number]");
        Assert.That(await page.TextContentAsync("[data-field=name]"), Is.EqualTo(name[..1] + new string('*', name.Length - 1)));
        var text = await page.InnerTextAsync("#page");
        Assert.That(text, Does.Not.Contain(name).And.Not.Contain(idNumber));
        Assert.That(await page.Locator(".record").CountAsync(), Is.GreaterThanOrEqualTo(2), "the merged source records");
        Assert.That(await page.Locator(".record-values").CountAsync(), Is.Zero, "no raw source values for an analyst");
        await page.WaitForSelectorAsync("[data-chart=customer-balances] canvas");
        await UiServer.ScreenshotAsync(page, "customer-360-analyst");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Admin_finds_a_customer_by_name_and_sees_the_360_in_clear()
    {
        var (id, name, idNumber) = MergedCustomer();
        var page = await _ui.SignedInPageAsync("ui_admin");
        await page.GotoAsync("/ui/customer");
        await page.FillAsync(".customer-search input[name=q]", idNumber);
        await page.ClickAsync(".customer-search button[type=submit]");
        await page.WaitForSelectorAsync($".customer-view[data-customer='{id}'] .record .evidence");
        Assert.That(await page.TextContentAsync("[data-field=name]"), Is.EqualTo(name));
        Assert.That(await page.TextContentAsync("[data-field=id_number]"), Is.EqualTo(idNumber));
        Assert.That(await page.InnerTextAsync(".record-values >> nth=0"), Does.Contain(name[..1]));
        await UiServer.ScreenshotAsync(page, "customer-360-admin");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Bi_is_refused_the_customer_360_page_and_its_api()
    {
        var (id, _, _) = MergedCustomer();
        var page = await _ui.SignedInPageAsync("ui_bi");
        await page.GotoAsync($"/ui/customer?id={id}");
        await page.WaitForSelectorAsync("[data-refused=customer]");
        Assert.That(await page.Locator("#nav a[data-page=customer]").CountAsync(), Is.Zero);
        var api = await page.Context.APIRequest.GetAsync($"/api/customers/{id}");
        Assert.That(api.Status, Is.EqualTo(403), await api.TextAsync());
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Every_dashboard_renders_for_the_analyst_without_an_error()
    {
        var page = await _ui.SignedInPageAsync("ui_analyst");
        foreach (var dashboard in new[] { "churn", "profile", "pareto", "loyalty", "profitability", "rfm", "segments", "rules", "alerts" })
        {
            await page.GotoAsync("/ui/" + dashboard);
            await page.WaitForSelectorAsync($"#page[data-page={dashboard}] .dashboard-body [data-chart] canvas");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.That(await page.Locator(".section-error").AllInnerTextsAsync(), Is.Empty, dashboard);
            Assert.That(await page.IsVisibleAsync("#notice"), Is.False, dashboard + ": " + await page.InnerTextAsync("#notice"));
        }

        await page.Context.CloseAsync();
        var auditor = await _ui.SignedInPageAsync("ui_auditor");
        await auditor.GotoAsync("/ui/loads");
        await auditor.WaitForSelectorAsync("table.reconciliation");
        Assert.That(await auditor.Locator(".section-error").CountAsync(), Is.Zero);
        await auditor.Context.CloseAsync();
    }

    [Test]
    public async Task Bi_sees_the_dashboards_built_on_cubes_and_aggregate_marts_only()
    {
        var page = await _ui.SignedInPageAsync("ui_bi");
        await page.GotoAsync("/ui/churn");
        await page.WaitForSelectorAsync("[data-chart=churn-monthly] canvas");
        var nav = await page.Locator("#nav a").EvaluateAllAsync<string[]>("links => links.map((a) => a.dataset.page)");
        Assert.That(nav, Is.SupersetOf(new[] { "churn", "profile", "pareto", "profitability", "rfm", "segments", "rules" }));
        Assert.That(nav, Has.None.AnyOf("loyalty", "alerts", "loads", "customer"));
        Assert.That(await page.Locator(".section-error").CountAsync(), Is.Zero);

        // Rules are aggregate; next best offers are per customer, so that part says it is refused and the rest stands.
        await page.GotoAsync("/ui/rules");
        await page.WaitForSelectorAsync(".section-error[data-status='403']");
        await page.WaitForSelectorAsync("#page table.grid"); // the sections render independently: the refusal may come first
        Assert.That(await page.Locator("#page table.grid").CountAsync(), Is.EqualTo(1), "the rules table");
        await page.Context.CloseAsync();
    }

    /// <summary>A customer merged from several systems' records, with accounts: its id, clear name and ID number.</summary>
    private (long Id, string Name, string IdNumber) MergedCustomer()
    {
        using var connection = _ui.Bank.Warehouse.Open();
        var id = (long)connection.Scalar("""
            SELECT min(c.customer_id) FROM dw.dim_customer c
            WHERE c.is_current AND len(c.source_ids) >= 2 AND length(c.name) >= 2 AND c.id_number IS NOT NULL
              AND EXISTS (SELECT 1 FROM dw.fact_balance_month b WHERE b.customer_id = c.customer_id)
            """)!;
        return (id,
            (string)connection.Scalar("SELECT name FROM dw.dim_customer WHERE customer_id = $1 AND is_current", id)!,
            (string)connection.Scalar("SELECT id_number FROM dw.dim_customer WHERE customer_id = $1 AND is_current", id)!);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Not a number: {value.GetRawText()}"),
    };
}
