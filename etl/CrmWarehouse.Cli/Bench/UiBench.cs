using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench ui`: the web UI as a browser sees it, on the configured warehouse, served in this process as
/// <c>crmw serve</c> serves it and driven in headless Chromium (<see cref="HeadlessChromium"/>) signed in as an admin
/// (who sees every page): the first render of every page in the nav with an empty cache (navigation start to the page
/// showing its data, which the shell marks; target ≤ 1 s), an explorer change to its redrawn chart (p50, target ≤ 300
/// ms), and the static files' total size as a browser accepting Brotli downloads them (target ≤ 2 MB).
/// </summary>
internal sealed class UiBench(string databasePath, CubeCatalog catalog, RoleCatalog roles, int runs, IProgress<string> progress)
{
    public const double FirstRenderTargetMs = 1000;
    public const double ChangeTargetMs = 300;
    public const long AssetsTargetBytes = 2 * 1024 * 1024;

    private const string BenchUser = "crmw-bench-ui";

    /// <summary>The explorer's view the changes start from: churn by month, opened and closed, by reason.</summary>
    private const string ExplorerState = "cube=churn&m=opened,closed&r=date.month&c=reason.category";

    /// <summary>What each change picks in turn: the relative-date filter, so each answer differs from the one before.</summary>
    private static readonly string[] Changes = ["last:12:months", "this:year", "previous:year", "last:24:months", ""];

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var connectionString = $"Data Source={databasePath}";
        BenchWarehouse.Prepare(databasePath);

        var users = UserDirectory.ForWarehouse(databasePath);
        users.Remove(BenchUser);
        var password = users.Add(BenchUser, roles.Get("admin"), [], null);
        try
        {
            return await MeasureAsync(connectionString, password, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            users.Remove(BenchUser);
        }
    }

    private async Task<BenchReport> MeasureAsync(string connectionString, string password, CancellationToken cancellationToken)
    {
        progress.Report("starting the server on loopback and headless Chromium");
        await using var server = ServingHost.Build(new ServingOptions { Urls = "http://127.0.0.1:0" }, catalog, roles, connectionString);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var root = new Uri(server.Urls.Single());
        await using var browser = await HeadlessChromium.StartAsync(HeadlessChromium.DefaultPath, 1280, 900, cancellationToken).ConfigureAwait(false);

        await browser.NavigateAsync(new Uri(root, "/ui/"), cancellationToken).ConfigureAwait(false);
        await WaitAsync(browser, "document.readyState === 'complete' && location.pathname.startsWith('/ui')", cancellationToken).ConfigureAwait(false);
        var status = await browser.EvaluateAsync(
            $"fetch('/api/session', {{method: 'POST', headers: {{'Content-Type': 'application/json'}}, body: JSON.stringify({{user: {Js(BenchUser)}, password: {Js(password)}}})}}).then(r => r.status)",
            cancellationToken).ConfigureAwait(false);
        if (status?.GetValue<int>() != 200)
        {
            throw new InvalidOperationException($"bench ui: signing in through POST /api/session answered {status}.");
        }

        var report = new BenchReport("ui");
        report.Add("runs_per_page", runs);
        var pages = await PagesAsync(browser, root, cancellationToken).ConfigureAwait(false);
        var worst = 0.0;
        foreach (var page in pages)
        {
            progress.Report($"first render of /ui/{page}: {runs} loads with an empty cache");
            var times = new List<double>(runs);
            var loaded = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var (rendered, scripts) = await FirstRenderAsync(browser, root, page, i, cancellationToken).ConfigureAwait(false);
                times.Add(rendered);
                loaded.Add(scripts);
            }

            var p50 = ServeBench.Percentile(times, 0.5);
            worst = Math.Max(worst, p50);
            report.Add($"first_render_{page}_p50_ms", Math.Round(p50));
            report.AddDetail($"first render /ui/{page}", string.Create(CultureInfo.InvariantCulture,
                $"p50 {p50:0} ms, max {times.Max():0} ms; files loaded and scripts run (DOMContentLoaded) p50 {ServeBench.Percentile(loaded, 0.5):0} ms"));
        }

        report.Add("first_render_slowest_page_p50_ms", Math.Round(worst));
        await browser.CacheAsync(false, cancellationToken).ConfigureAwait(false);
        progress.Report($"explorer: {runs * 3} changes of the date filter, each to its redrawn chart");
        _ = await FirstRenderAsync(browser, root, "explorer", -1, cancellationToken).ConfigureAwait(false);
        var changes = new List<double>();
        var waits = new List<double>();
        for (var i = 0; i < runs * 3; i++)
        {
            var (total, api) = await ChangeAsync(browser, Changes[i % Changes.Length], cancellationToken).ConfigureAwait(false);
            changes.Add(total);
            waits.Add(api);
        }

        var changeP50 = ServeBench.Percentile(changes, 0.5);
        report.Add("explorer_change_p50_ms", Math.Round(changeP50));
        report.Add("explorer_change_p95_ms", Math.Round(ServeBench.Percentile(changes, 0.95)));
        report.Add("explorer_change_api_p50_ms", Math.Round(ServeBench.Percentile(waits, 0.5)));
        var assets = server.WebUiCompressedBytes();
        report.Add("static_assets_compressed_bytes", assets);
        report.AddDetail("targets", string.Create(CultureInfo.InvariantCulture,
            $"first render ≤ {FirstRenderTargetMs:0} ms: {Verdict(worst <= FirstRenderTargetMs)}; change p50 ≤ {ChangeTargetMs:0} ms: {Verdict(changeP50 <= ChangeTargetMs)}; assets ≤ 2 MB compressed ({assets / 1024.0 / 1024.0:0.00} MB): {Verdict(assets <= AssetsTargetBytes)}"));
        report.Add("load_average_1m", MiningBench.LoadAverage());
        await server.StopAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>The pages in the signed-in user's nav (the explorer first: it is the one a change is timed on).</summary>
    private static async Task<IReadOnlyList<string>> PagesAsync(HeadlessChromium browser, Uri root, CancellationToken cancellationToken)
    {
        await browser.NavigateAsync(new Uri(root, "/ui/?bench=nav"), cancellationToken).ConfigureAwait(false);
        await WaitAsync(browser, "location.search.includes('bench=nav') || document.querySelector('#nav a') !== null", cancellationToken).ConfigureAwait(false);
        await WaitAsync(browser, "document.querySelector('#nav a') !== null", cancellationToken).ConfigureAwait(false);
        var ids = await browser.EvaluateAsync("[...document.querySelectorAll('#nav a')].map(a => a.dataset.page)", cancellationToken).ConfigureAwait(false);
        return [.. ids!.AsArray().Select(id => (string)id!).OrderBy(id => id == "explorer" ? 0 : 1)];
    }

    /// <summary>
    /// Milliseconds from navigation start to the page marking itself rendered, with an empty cache, and to the end of
    /// DOMContentLoaded (the files fetched and the scripts run: the part the API calls do not explain).
    /// </summary>
    private static async Task<(double Rendered, double Loaded)> FirstRenderAsync(HeadlessChromium browser, Uri root, string page, int run, CancellationToken cancellationToken)
    {
        await browser.CacheAsync(true, cancellationToken).ConfigureAwait(false);
        var marker = string.Create(CultureInfo.InvariantCulture, $"bench=r{run}e");
        var query = page == "explorer" ? $"{ExplorerState}&{marker}" : marker;
        await browser.NavigateAsync(new Uri(root, $"/ui/{page}?{query}"), cancellationToken).ConfigureAwait(false);
        await WaitAsync(browser, $"location.search.includes({Js(marker)}) && document.querySelector('main[data-rendered][data-page={page}]') !== null", cancellationToken).ConfigureAwait(false);
        var notice = await browser.EvaluateAsync("document.getElementById('notice').hidden ? '' : document.getElementById('notice').textContent", cancellationToken).ConfigureAwait(false);
        if (notice is not null && (string?)notice is { Length: > 0 } shown)
        {
            throw new InvalidOperationException($"bench ui: /ui/{page} showed an error: {shown}");
        }

        var at = (await browser.EvaluateAsync("[Number(document.querySelector('main').dataset.renderedAt), performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]", cancellationToken).ConfigureAwait(false))!.AsArray();
        return (at[0]!.GetValue<double>(), at[1]!.GetValue<double>());
    }

    /// <summary>
    /// Picks <paramref name="relative"/> in the explorer's date filter: milliseconds until its chart is drawn again and
    /// painted, and of those, how long the page waited for the cube queries (first request sent to last answer read).
    /// </summary>
    private static async Task<(double Total, double Api)> ChangeAsync(HeadlessChromium browser, string relative, CancellationToken cancellationToken)
    {
        var script = $$"""
            new Promise((resolve, reject) => {
              const main = document.querySelector('main');
              const before = Number(main.dataset.drawn || 0);
              const select = main.querySelector('select[name=rel]');
              performance.clearResourceTimings();
              const started = performance.now();
              const watch = new MutationObserver(() => {
                if (Number(main.dataset.drawn || 0) > before) {
                  watch.disconnect();
                  requestAnimationFrame(() => requestAnimationFrame(() => {
                    const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/cubes/'));
                    const waited = api.length ? Math.max(...api.map((e) => e.responseEnd)) - Math.min(...api.map((e) => e.startTime)) : 0;
                    resolve([performance.now() - started, waited]);
                  }));
                }
              });
              watch.observe(main, { attributes: true, attributeFilter: ['data-drawn'] });
              setTimeout(() => reject(new Error('the explorer did not redraw within 30 s')), 30000);
              select.value = {{Js(relative)}};
              select.dispatchEvent(new Event('change'));
            })
            """;
        var elapsed = (await browser.EvaluateAsync(script, cancellationToken).ConfigureAwait(false))!.AsArray();
        return (elapsed[0]!.GetValue<double>(), elapsed[1]!.GetValue<double>());
    }

    private static async Task WaitAsync(HeadlessChromium browser, string condition, CancellationToken cancellationToken)
    {
        var script = $$"""
            new Promise((resolve, reject) => {
              const started = Date.now();
              (function poll() {
                let ok = false;
                try { ok = {{condition}}; } catch { ok = false; }
                if (ok) resolve(true); else if (Date.now() - started > 30000) reject(new Error('timed out waiting for: ' + {{Js(condition)}})); else setTimeout(poll, 5);
              })();
            })
            """;

        // The evaluation may land in the document being left (a navigation destroys its context): try again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await browser.EvaluateAsync(script, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Js(string text) => JsonSerializer.Serialize(text);

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
