using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Mining.Warehouse;
using CrmWarehouse.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace CrmWarehouse.Tests.Ui;

/// <summary>
/// The web UI as a person uses it: a real server (Kestrel on a free loopback port) over the demo-like bank that
/// <see cref="MinedBank"/> generates, loads and mines once, one user per role with a known password, and Debian's
/// Chromium (<c>/usr/bin/chromium</c>) driven by Playwright; nothing downloads a browser. Made once for all UI
/// fixtures (<see cref="Get"/>), stopped when the test run ends. Screenshots go to <c>build/ui-screenshots/</c>.
/// </summary>
internal sealed class UiServer : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>User name → (role, password); the branch manager sees the bank's first branch.</summary>
    public static readonly IReadOnlyDictionary<string, string> Roles = new Dictionary<string, string>
    {
        ["ui_admin"] = "admin", ["ui_analyst"] = "analyst", ["ui_bi"] = "bi", ["ui_branch"] = "branch_manager", ["ui_auditor"] = "auditor",
    };

    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static UiServer? _shared;

    private UiServer(MinedBank bank, WebApplication server, IPlaywright playwright, IBrowser browser, string branch)
    {
        Bank = bank;
        Server = server;
        Playwright = playwright;
        Browser = browser;
        Branch = branch;
    }

    public MinedBank Bank { get; }

    public WebApplication Server { get; }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    /// <summary>The branch code of user <c>ui_branch</c>.</summary>
    public string Branch { get; }

    public Uri BaseAddress => new(Server.Urls.Single());

    /// <summary>Where the run's screenshots go (the README's come from here).</summary>
    public static string Screenshots => Path.Combine(Cubes.CubeWarehouse.RepositoryRoot(), "build", "ui-screenshots");

    public static string Password(string user) => $"ui-test-{user}-secret";

    public static async Task<UiServer> Get()
    {
        await Starting.WaitAsync().ConfigureAwait(false);
        try
        {
            return _shared ??= await StartAsync().ConfigureAwait(false);
        }
        finally
        {
            Starting.Release();
        }
    }

    /// <summary>A browser context (its own cookies) at 1280 × 900 in <paramref name="locale"/>, with a page open.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US", int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        }).ConfigureAwait(false);
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync().ConfigureAwait(false);
    }

    /// <summary>Signs <paramref name="user"/> in through the sign-in form and waits for the first page of their nav.</summary>
    public static async Task SignInAsync(IPage page, string user, string? password = null)
    {
        await page.GotoAsync("/ui/").ConfigureAwait(false);
        await page.FillAsync("input[name=user]", user).ConfigureAwait(false);
        await page.FillAsync("input[name=password]", password ?? Password(user)).ConfigureAwait(false);
        await page.ClickAsync("form button[type=submit]").ConfigureAwait(false);
        await page.WaitForSelectorAsync("#nav a").ConfigureAwait(false);
    }

    /// <summary>A new page already signed in as <paramref name="user"/> (through the API, sharing the browser context's cookies).</summary>
    public async Task<IPage> SignedInPageAsync(string user, string locale = "en-US", int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(locale, width, height).ConfigureAwait(false);
        var response = await page.Context.APIRequest.PostAsync("/api/session", new APIRequestContextOptions { DataObject = new { user, password = Password(user) } }).ConfigureAwait(false);
        Assert.That(response.Status, Is.EqualTo(200), $"signing {user} in: {await response.TextAsync().ConfigureAwait(false)}");
        return page;
    }

    /// <summary>An HTTP client signed in as <paramref name="user"/> with Basic (for comparing the UI with the API); the caller disposes it.</summary>
    public HttpClient ApiClient(string user)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{Password(user)}")));
        return client;
    }

    /// <summary>A cube answer through the API, as JSON.</summary>
    public async Task<JsonElement> CubeAsync(string user, string cube, object query)
    {
        using var client = ApiClient(user);
        using var response = await client.PostAsJsonAsync($"/api/cubes/{cube}/query", query).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.That(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = false }).ConfigureAwait(false);
    }

    private static async Task<UiServer> StartAsync()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"The web UI tests drive Debian's Chromium at {Chromium}: tests/install-prerequisites.sh installs it (apt-get install chromium fonts-noto-cjk).");
        }

        var bank = await MinedBank.Get().ConfigureAwait(false);
        string branch;
        using (var connection = bank.Warehouse.Open())
        {
            branch = (string)connection.Scalar("SELECT code FROM dw.dim_branch WHERE branch_key > 0 ORDER BY branch_key LIMIT 1")!;
        }

        var users = UserDirectory.ForWarehouse(bank.Warehouse.Path);
        var roles = TestUsers.Roles();
        foreach (var (user, role) in Roles)
        {
            users.Remove(user);
            users.Add(user, roles.Get(role), role == "branch_manager" ? [branch] : [], Password(user));
        }

        var options = new ServingOptions { Urls = "http://127.0.0.1:0" };
        var server = ServingHost.Build(options, CubeCatalog.Load(CrmwPaths.Cubes), roles, bank.Warehouse.ConnectionString);
        await server.StartAsync().ConfigureAwait(false);

        // Playwright's driver must never fetch a browser: the tests use the system's Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync().ConfigureAwait(false);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        }).ConfigureAwait(false);
        return new UiServer(bank, server, playwright, browser, branch);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().ConfigureAwait(false);
        Playwright.Dispose();
        await Server.StopAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the shared server and browser at the end of the run.</summary>
    internal static async Task StopSharedAsync()
    {
        if (_shared is { } shared)
        {
            _shared = null;
            await shared.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Closes the browser and the server the UI tests shared, once every test of the namespace has run.</summary>
[SetUpFixture]
public sealed class UiServerLifetime
{
    [OneTimeTearDown]
    public async Task Stop() => await UiServer.StopSharedAsync().ConfigureAwait(false);
}
