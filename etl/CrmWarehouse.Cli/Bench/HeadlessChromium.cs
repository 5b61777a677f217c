using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), headless, driven over the DevTools protocol on a WebSocket: enough for
/// <c>bench ui</c> to open pages and evaluate script in them, without a browser-automation package in the CLI. A
/// profile of its own in a temporary folder, removed on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> StartAsync(string executable, int width, int height, CancellationToken cancellationToken)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"bench ui drives Chromium at {executable}, which is not there: apt-get install chromium (tests/install-prerequisites.sh does).");
        }

        var profile = Directory.CreateTempSubdirectory("crmw-bench-ui-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" once it listens.
            string? line;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            while ((line = await process.StandardError.ReadLineAsync(wait.Token).ConfigureAwait(false)) is not null && !line.Contains("ws://", StringComparison.Ordinal))
            {
            }

            var browser = new Uri(line?[line.IndexOf("ws://", StringComparison.Ordinal)..].Trim() ?? throw new InvalidOperationException("Chromium ended before it listened for DevTools."));
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"), cancellationToken).ConfigureAwait(false))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await chromium._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancellationToken).ConfigureAwait(false);
            await chromium.SendAsync("Page.enable", null, cancellationToken).ConfigureAwait(false);
            await chromium.SendAsync("Network.enable", null, cancellationToken).ConfigureAwait(false);
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves every request from the network (a first visit), or lets the cache revalidate (a return).</summary>
    public Task CacheAsync(bool disabled, CancellationToken cancellationToken) =>
        SendAsync("Network.setCacheDisabled", new JsonObject { ["cacheDisabled"] = disabled }, cancellationToken);

    public Task NavigateAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken);

    /// <summary>Evaluates <paramref name="expression"/> in the page, awaiting a promise; its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, cancellationToken).ConfigureAwait(false);
        if (result?["exceptionDetails"] is { } error)
        {
            throw new InvalidOperationException($"bench ui: the page threw: {error["exception"]?["description"] ?? error["text"]}");
        }

        return result?["result"]?["value"];
    }

    /// <summary>Sends one command and reads messages until its answer (events in between are dropped).</summary>
    private async Task<JsonNode?> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                text.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var answer = JsonNode.Parse(text.ToArray());
            if (answer?["id"]?.GetValue<int>() == id)
            {
                return answer["error"] is { } error ? throw new InvalidOperationException($"DevTools {method}: {error.ToJsonString()}") : answer["result"];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last writes may still be closing; the folder is in the temp directory.
        }
    }
}
