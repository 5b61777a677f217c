using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench serve`: what the serving security costs per query. The same simple cube query and the same ad-hoc SQL
/// query go over HTTP to two servers in this process on the same warehouse: the real one (<see cref="ServingHost"/>,
/// with whatever security it has: the parse-tree gate, the time budget, the query slots, streaming with caps, and
/// sign-in, masking views and the query audit once they are there), and a bare one that runs the same SQL and cube
/// compilation with the same answer writer and nothing else (<see cref="BareServer"/>). The runs alternate between the
/// two, so that other work on the machine slows both alike; the answers must be equal. Target: ≤ 10% at p50.
/// </summary>
internal sealed class ServeBench(string databasePath, CubeCatalog catalog, RoleCatalog roles, int runs, IProgress<string> progress)
{
    private const string BenchUser = "crmw-bench-analyst";

    public const double TargetOverhead = 0.10;

    private const string CubeQuery = """{"measures":["amount","transactions"],"by":["channel.type"]}""";

    private const string AdHocSql = """
        SELECT c.segment, count(*) AS customers, count(*) FILTER (WHERE c.gender = 'F') AS women
        FROM dim_customer c WHERE c.is_current GROUP BY c.segment ORDER BY c.segment
        """;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var connectionString = $"Data Source={databasePath}";
        // Brought to the current schema first, as crmw serve does (the role views need the mask macros of migration 0014).
        using (var check = WarehouseDatabase.OpenMigrated(connectionString))
        {
            _ = PublishedAsOf.Latest(check)
                ?? throw new InvalidOperationException($"{databasePath} has no published batch: load a bank first (./crmw demo --no-serve, or ./crmw load).");
        }

        // The secured side signs in as an analyst (masking views, row-level audit) for the bench only.
        var users = UserDirectory.ForWarehouse(databasePath);
        users.Remove(BenchUser);
        users.Add(BenchUser, roles.Get("analyst"), [], null);
        try
        {
            return await MeasureAsync(connectionString, users.IssueToken(BenchUser), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            users.Remove(BenchUser);
        }
    }

    private async Task<BenchReport> MeasureAsync(string connectionString, string token, CancellationToken cancellationToken)
    {
        progress.Report("starting the served (secured) and the bare server on loopback");
        await using var secured = ServingHost.Build(new ServingOptions { Urls = "http://127.0.0.1:0" }, catalog, roles, connectionString);
        await secured.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var bare = BareServer.Build(catalog, connectionString);
        await bare.StartAsync(cancellationToken).ConfigureAwait(false);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var on = new Uri(secured.Urls.Single());
        var off = new Uri(bare.Urls.Single());

        var report = new BenchReport("serve");
        report.Add("runs_per_query", runs);
        await Measure(report, "cube", client,
            () => Post(client, new Uri(on, "/api/cubes/transactions/query"), CubeQuery, cancellationToken),
            () => Post(client, new Uri(off, "/cube/transactions"), CubeQuery, cancellationToken)).ConfigureAwait(false);
        var sql = JsonSerializer.Serialize(new { sql = AdHocSql });
        await Measure(report, "sql", client,
            () => Post(client, new Uri(on, "/api/sql"), sql, cancellationToken),
            () => Post(client, new Uri(off, "/sql"), sql, cancellationToken)).ConfigureAwait(false);

        // The same query as text never seen before (a numbered comment), so that the gate checks it afresh every time
        // instead of finding it among the statements it let through (what a dashboard's repeated SQL gets).
        var fresh = 0;
        await Measure(report, "sql_new_text", client,
            () => Post(client, new Uri(on, "/api/sql"), JsonSerializer.Serialize(new { sql = $"{AdHocSql} -- {++fresh}" }), cancellationToken),
            () => Post(client, new Uri(off, "/sql"), JsonSerializer.Serialize(new { sql = $"{AdHocSql} -- {fresh}" }), cancellationToken)).ConfigureAwait(false);
        report.Add("load_average_1m", MiningBench.LoadAverage());
        await secured.StopAsync(cancellationToken).ConfigureAwait(false);
        await bare.StopAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task Measure(BenchReport report, string name, HttpClient client, Func<Task<string>> secured, Func<Task<string>> bare)
    {
        progress.Report($"{name}: {runs} runs each way, alternating");
        var (answerOn, answerOff) = (Rows(await secured().ConfigureAwait(false)), Rows(await bare().ConfigureAwait(false)));
        if (answerOn != answerOff)
        {
            throw new InvalidOperationException($"bench serve, {name}: the secured and the bare server answer differently.\nsecured: {answerOn}\nbare: {answerOff}");
        }

        var onTimes = new List<double>(runs);
        var offTimes = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            onTimes.Add(await Time(secured).ConfigureAwait(false));
            offTimes.Add(await Time(bare).ConfigureAwait(false));
        }

        var p50On = Percentile(onTimes, 0.5);
        var p50Off = Percentile(offTimes, 0.5);
        report.Add($"{name}_p50_secured_ms", Math.Round(p50On, 2));
        report.Add($"{name}_p95_secured_ms", Math.Round(Percentile(onTimes, 0.95), 2));
        report.Add($"{name}_p50_bare_ms", Math.Round(p50Off, 2));
        report.Add($"{name}_p95_bare_ms", Math.Round(Percentile(offTimes, 0.95), 2));
        report.Add($"{name}_overhead_p50", Math.Round(p50On / p50Off - 1, 4));
        report.AddDetail(name, string.Create(CultureInfo.InvariantCulture,
            $"p50 secured/bare {p50On:0.00} / {p50Off:0.00} ms, overhead {p50On / p50Off - 1:P1} (target ≤ {TargetOverhead:P0})"));
    }

    private static async Task<double> Time(Func<Task<string>> query)
    {
        var clock = Stopwatch.StartNew();
        await query().ConfigureAwait(false);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<string> Post(HttpClient client, Uri uri, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"bench serve: {uri.AbsolutePath} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>The rows of an answer, which both servers must give alike (the secured one adds a header).</summary>
    private static string Rows(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("rows").GetRawText();

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
