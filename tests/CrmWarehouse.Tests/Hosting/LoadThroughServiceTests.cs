using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>
/// One owner of the warehouse file (issue #15): a real `crmw serve` process holds it, and `crmw load` in another
/// process hands the batch to it and follows it to the end while 32 readers go on being answered and /health stays 200.
/// Loads are for roles that may load, one at a time; the CLI routes to a service only when it serves the same file,
/// and finds it where it listens even when that is not the configured Serving:Urls.
/// </summary>
[NonParallelizable]
public sealed class LoadThroughServiceTests
{
    private const int Readers = 32;

    private string _home = null!;
    private Process _service = null!;
    private Uri _url = null!;
    private string _token = null!;

    private string Warehouse => Path.Combine(_home, "data", "warehouse.duckdb");

    [OneTimeSetUp]
    public async Task StartService()
    {
        _home = CrmwHome.Create();

        Assert.That((await Crmw("generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", Path.Combine(_home, "data", "sources"))).Code, Is.EqualTo(0));

        // Serving:Urls in the config stays 8080: the CLI must find the service where it says it listens.
        _url = new Uri($"http://127.0.0.1:{FreePort()}");
        _service = Start("serve", "--urls", _url.ToString().TrimEnd('/'), "--pg-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = _url };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.That(_service.HasExited, Is.False, "crmw serve keeps running");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), "crmw serve answers /health");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode && LocalServiceToken.Read(Warehouse) is { } token)
                {
                    _token = token;
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    [OneTimeTearDown]
    public void StopService()
    {
        if (!_service.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                term.WaitForExit();
            }

            if (!_service.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                _service.Kill(entireProcessTree: true);
            }
        }

        _service.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [Test, Order(1)]
    public async Task Crmw_load_in_another_process_completes_through_the_service_while_32_readers_see_no_error()
    {
        using var readers = new CancellationTokenSource();
        var reads = Enumerable.Range(0, Readers).Select(i => Task.Run(() => ReadUntilCancelled(i, readers.Token))).ToList();

        var load = await Crmw("load");
        await readers.CancelAsync();
        var results = await Task.WhenAll(reads);

        Assert.That(load.Code, Is.EqualTo(0), load.Output);
        Assert.That(load.Output, Does.Contain($"the service at {_url} holds the warehouse; it runs this load as").And.Contain("Batch 1 published").And.Contain("rows per source table"));
        Assert.That(results.SelectMany(r => r.Errors), Is.Empty, "no reader saw an error during the load");
        Assert.That(results.Sum(r => r.Health), Is.GreaterThan(Readers), "/health answered 200 throughout");
        Assert.That(results.Sum(r => r.Queries), Is.GreaterThan(Readers), "queries answered throughout");

        // The service published it on its own connection: the history says so, through the service.
        using var admin = Client(_token);
        using var loads = await admin.GetAsync(new Uri("/api/loads", UriKind.Relative));
        Assert.That(await loads.Content.ReadAsStringAsync(), Does.Contain("\"published\"").And.Contain("\"http\""));
    }

    [Test, Order(2)]
    public async Task A_second_load_while_one_runs_gets_409_with_the_running_loads_id()
    {
        using var admin = Client(_token);
        using var first = await admin.PostAsJsonAsync(new Uri("/api/loads", UriKind.Relative), new { full = false });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await first.Content.ReadAsStringAsync());
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.That(first.Headers.Location?.ToString(), Is.EqualTo($"/api/loads/{id}"));

        using var second = await admin.PostAsJsonAsync(new Uri("/api/loads", UriKind.Relative), new { full = false });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loadId").GetString(), Is.EqualTo(id));
        Assert.That(second.Headers.RetryAfter, Is.Not.Null);

        // Followed to its end: a result with the batch and an exit code.
        JsonElement load;
        var watch = Stopwatch.StartNew();
        do
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(5)), "the load ends");
            await Task.Delay(200);
            load = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/loads/{id}", UriKind.Relative));
        }
        while (load.GetProperty("state").GetString() == "running");

        Assert.That(load.GetProperty("state").GetString(), Is.EqualTo("published"), load.ToString());
        Assert.That(load.GetProperty("exitCode").GetInt32(), Is.EqualTo(0));
        Assert.That(load.GetProperty("batchId").GetInt64(), Is.GreaterThan(0));
    }

    [Test, Order(3)]
    public async Task A_role_that_may_not_load_gets_403()
    {
        Assert.That((await Crmw("user", "add", "wang", "--role", "analyst")).Code, Is.EqualTo(0));
        var issued = await Crmw("user", "token", "wang");
        var token = System.Text.RegularExpressions.Regex.Match(issued.Output, @"crmw_[A-Za-z0-9_\-]+").Value;
        Assert.That(token, Is.Not.Empty, issued.Output);

        using var analyst = Client(token);
        using var refused = await analyst.PostAsJsonAsync(new Uri("/api/loads", UriKind.Relative), new { full = false });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("analyst"));
    }

    [Test]
    public async Task The_cli_finds_the_service_where_it_listens_and_only_for_the_same_warehouse_file()
    {
        // Where the service said it listens, beside the warehouse (its --urls, not Serving:Urls).
        Assert.That(ServiceAddress.Read(Warehouse), Does.Contain(_url.ToString().TrimEnd('/')));
        using (var found = await RunningService.FindAsync(Warehouse, null, sayWhenOther: false, CancellationToken.None))
        {
            Assert.That(found?.BaseAddress, Is.EqualTo(_url));
        }

        using (var named = await RunningService.FindAsync(Warehouse, _url.ToString(), sayWhenOther: false, CancellationToken.None))
        {
            Assert.That(named, Is.Not.Null, "--urls names it");
        }

        var other = Path.Combine(_home, "other.duckdb");
        using var passedOver = await RunningService.FindAsync(other, _url.ToString(), sayWhenOther: false, CancellationToken.None);
        Assert.That(passedOver, Is.Null, "a service of another warehouse file is not asked");
    }

    [Test]
    public void Another_process_opening_the_file_is_told_which_process_holds_it_and_the_server_calls_that_a_503()
    {
        var conflict = Assert.Catch(() =>
        {
            using var connection = new DuckDBConnection($"Data Source={Warehouse}");
            connection.Open();
        })!;

        var explained = WarehouseLock.Explain(conflict);
        Assert.That(explained, Does.Contain($"PID {_service.Id}").And.Contain("serve --urls"), "which process, with its command line");
        Assert.That(explained, Does.Contain("crmw load"), "and what to do");
        Assert.That(RequestBoundary.IsServerTrouble(conflict), Is.True, "a server meeting this answers 503, not 400");
    }

    private async Task<(int Health, int Queries, List<string> Errors)> ReadUntilCancelled(int reader, CancellationToken stop)
    {
        using var client = Client(_token);
        var (health, queries, errors) = (0, 0, new List<string>());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var answer = reader % 2 == 0
                    ? await client.GetAsync(new Uri("/health", UriKind.Relative), CancellationToken.None)
                    : await client.PostAsJsonAsync(new Uri("/api/sql", UriKind.Relative), new { sql = "select count(*) from audit.batch" }, CancellationToken.None);
                if (!answer.IsSuccessStatusCode)
                {
                    errors.Add($"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
                else if (reader % 2 == 0)
                {
                    health++;
                }
                else
                {
                    queries++;
                }
            }
            catch (HttpRequestException e)
            {
                errors.Add(e.Message);
            }
        }

        return (health, queries, errors);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRMW_HOME"] = _home;

        // 32 readers share the CLI's sign-in: let them all in at once (the default is 4 queries per user).
        start.Environment["CRMW_Serving__Limits__MaxConcurrentQueriesPerUser"] = "64";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<(int Code, string Output)> Crmw(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRMW_HOME"] = _home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
