using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw run` in a process of its own on free ports, for the soak: up when /health answers and the PostgreSQL port
/// accepts; stopped with SIGTERM as a service manager stops it. Its last lines of output are kept to say why, should
/// it end on its own.
/// </summary>
internal sealed class SoakService : IAsyncDisposable
{
    /// <summary>
    /// The scheduler runs, but its nightly batch falls in a year the soak does not reach (Quartz cron, year field): a
    /// scheduled batch, or one for a night missed before the copy was made, would take the one load slot and turn the
    /// soak's own loads into 409s.
    /// </summary>
    private const string NoNightDuringTheSoak = "0 0 2 1 1 ? 2099";

    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly string _warehouse;

    private SoakService(Process process, Uri http, int pgPort, string warehouse)
    {
        (_process, Http, PgPort, _warehouse) = (process, http, pgPort, warehouse);
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // A bench stopped with SIGTERM or Ctrl+C may end before its disposals run: its service must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public Uri Http { get; }

    public int PgPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<SoakService> StartAsync(string home, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var (httpPort, pgPort) = (FreePort(), FreePort());
        var http = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}"));
        var start = CrmwProcess.StartInfo(home, ["run", "--pg-port", pgPort.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>
        {
            ["CRMW_Serving__Urls"] = http.ToString().TrimEnd('/'),
            ["CRMW_Schedule__NightlyCron"] = NoNightDuringTheSoak,
        });
        progress.Report($"starting crmw run on {http} and PostgreSQL port {pgPort}");
        var service = new SoakService(Process.Start(start) ?? throw new InvalidOperationException($"bench soak: could not start {start.FileName}."), http, pgPort,
            Path.Combine(home, "data", "warehouse.duckdb"));
        try
        {
            await service.WaitUntilUpAsync(cancellationToken).ConfigureAwait(false);
            return service;
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string ExitDescription() => $"crmw run ended on its own (exit code {_process.ExitCode}); its last lines: {Tail()}";

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"bench soak: {ExitDescription()}");
        }
    }

    /// <summary>SIGTERM, then its end (a minute at most): seconds it took, its exit code, and whether a WAL was left.</summary>
    public async Task<(double Seconds, int ExitCode, bool WalLeft)> StopAsync()
    {
        if (_process.HasExited)
        {
            return (0, _process.ExitCode, File.Exists(_warehouse + ".wal"));
        }

        var clock = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"bench soak: crmw run did not stop within a minute of SIGTERM; its last lines: {Tail()}");
        }

        return (clock.Elapsed.TotalSeconds, _process.ExitCode, File.Exists(_warehouse + ".wal"));
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    private async Task WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            ThrowIfExited();
            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"bench soak: crmw run did not answer /health and accept PostgreSQL clients within 3 minutes; its last lines: {Tail()}");
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (health.IsSuccessStatusCode)
                {
                    using var pg = new TcpClient();
                    await pg.ConnectAsync(IPAddress.Loopback, PgPort, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join(" / ", _tail.TakeLast(8));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
