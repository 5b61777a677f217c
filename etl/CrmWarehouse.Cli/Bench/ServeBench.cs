using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Security;

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

    // The cube query above as the SQL a BI tool sends for it over a cube relation (answered by the same compiler).
    private const string CubeSql = """SELECT "channel.type", sum(amount) AS amount, sum(transactions) AS transactions FROM cubes.transactions GROUP BY "channel.type" """;

    private const string AdHocSql = """
        SELECT c.segment, count(*) AS customers, count(*) FILTER (WHERE c.gender = 'F') AS women
        FROM dim_customer c WHERE c.is_current GROUP BY c.segment ORDER BY c.segment
        """;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var connectionString = $"Data Source={databasePath}";
        BenchWarehouse.Prepare(databasePath);

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

        // Both servers hand each query's phases to the bench directly. The secured server logs at Warning only, so that
        // it pays for no log event per request (its Debug phases line, ASP.NET Core's and its request lines) that the
        // bare one, which has none, would not.
        var phases = new ServePhases();
        using var quiet = new Serilog.LoggerConfiguration().MinimumLevel.Warning().CreateLogger();
        await using var secured = ServingHost.Build(new ServingOptions { Urls = "http://127.0.0.1:0" }, catalog, roles, connectionString, quiet, phases: phases.Secured);
        await secured.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var bare = BareServer.Build(catalog, connectionString, phases);
        await bare.StartAsync(cancellationToken).ConfigureAwait(false);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var on = new Uri(secured.Urls.Single());
        var off = new Uri(bare.Urls.Single());

        var report = new BenchReport("serve");
        report.Add("runs_per_query", runs);
        await Measure(report, "cube", phases,
            () => Post(client, new Uri(on, "/api/cubes/transactions/query"), CubeQuery, cancellationToken),
            () => Post(client, new Uri(off, "/cube/transactions"), CubeQuery, cancellationToken)).ConfigureAwait(false);
        var sql = JsonSerializer.Serialize(new { sql = AdHocSql });
        await Measure(report, "sql", phases,
            () => Post(client, new Uri(on, "/api/sql"), sql, cancellationToken),
            () => Post(client, new Uri(off, "/sql"), sql, cancellationToken)).ConfigureAwait(false);

        // The same question as a statement never seen before (a different literal each time, so a different parse tree,
        // not only a different comment), so that the gate checks it afresh every time instead of finding its verdict
        // among the statements it let through (what a dashboard's repeated SQL gets). Both servers get the same text.
        var (freshOn, freshOff) = (0, 0);
        await Measure(report, "sql_new_text", phases,
            () => Post(client, new Uri(on, "/api/sql"), JsonSerializer.Serialize(new { sql = NewText(++freshOn) }), cancellationToken),
            () => Post(client, new Uri(off, "/sql"), JsonSerializer.Serialize(new { sql = NewText(++freshOff) }), cancellationToken)).ConfigureAwait(false);
        // Cubes over SQL against the cube API, both on the secured server: what reading the SQL's parse tree adds.
        await MeasureCubeSql(report,
            () => Post(client, new Uri(on, "/api/sql"), JsonSerializer.Serialize(new { sql = CubeSql }), cancellationToken),
            () => Post(client, new Uri(on, "/api/cubes/transactions/query"), CubeQuery, cancellationToken)).ConfigureAwait(false);
        report.Add("load_average_1m", MiningBench.LoadAverage());
        await secured.StopAsync(cancellationToken).ConfigureAwait(false);
        await bare.StopAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>The ad-hoc query with a bound on the customer key that no key reaches: the same answer, a new statement.</summary>
    private static string NewText(int number) => AdHocSql.Replace("WHERE c.is_current", $"WHERE c.is_current AND c.customer_key > -{number}", StringComparison.Ordinal);

    private async Task Measure(BenchReport report, string name, ServePhases phases, Func<Task<string>> secured, Func<Task<string>> bare)
    {
        progress.Report($"{name}: {runs} runs each way, alternating");
        var (answerOn, answerOff) = (Rows(await secured().ConfigureAwait(false)), Rows(await bare().ConfigureAwait(false)));
        if (answerOn != answerOff)
        {
            throw new InvalidOperationException($"bench serve, {name}: the secured and the bare server answer differently.\nsecured: {answerOn}\nbare: {answerOff}");
        }

        phases.Clear();
        var (onTimes, offTimes) = await Alternating(secured, bare).ConfigureAwait(false);
        var p50On = Percentile(onTimes, 0.5);
        var p50Off = Percentile(offTimes, 0.5);
        report.Add($"{name}_p50_secured_ms", Math.Round(p50On, 2));
        report.Add($"{name}_p95_secured_ms", Math.Round(Percentile(onTimes, 0.95), 2));
        report.Add($"{name}_p50_bare_ms", Math.Round(p50Off, 2));
        report.Add($"{name}_p95_bare_ms", Math.Round(Percentile(offTimes, 0.95), 2));
        report.Add($"{name}_overhead_p50", Math.Round(p50On / p50Off - 1, 4));
        report.AddDetail(name, string.Create(CultureInfo.InvariantCulture,
            $"p50 secured/bare {p50On:0.00} / {p50Off:0.00} ms, overhead {p50On / p50Off - 1:P1} (target ≤ {TargetOverhead:P0})"));
        var (phasesOn, phasesOff) = phases.Medians(onTimes, offTimes);
        report.AddDetail($"{name} phases, secured", phasesOn);
        report.AddDetail($"{name} phases, bare", phasesOff);
    }

    /// <summary>The same cube question as SQL over <c>cubes.transactions</c> and through the cube API: equal answers, p50 of each.</summary>
    private async Task MeasureCubeSql(BenchReport report, Func<Task<string>> sql, Func<Task<string>> api)
    {
        progress.Report($"cube_sql: {runs} runs each way, alternating");
        string[] compared = ["channel.type", "amount", "transactions"];
        var (overSql, overApi) = (Columns(await sql().ConfigureAwait(false), compared), Columns(await api().ConfigureAwait(false), compared));
        if (overSql != overApi)
        {
            throw new InvalidOperationException($"bench serve, cube_sql: cubes.transactions over SQL and the cube API answer differently.\nsql: {overSql}\napi: {overApi}");
        }

        var (sqlTimes, apiTimes) = await Alternating(sql, api).ConfigureAwait(false);
        var (p50Sql, p50Api) = (Percentile(sqlTimes, 0.5), Percentile(apiTimes, 0.5));
        report.Add("cube_sql_p50_ms", Math.Round(p50Sql, 2));
        report.Add("cube_api_p50_ms", Math.Round(p50Api, 2));
        report.Add("cube_sql_vs_api_p50", Math.Round(p50Sql / p50Api - 1, 4));
        report.AddDetail("cube_sql", string.Create(CultureInfo.InvariantCulture,
            $"p50 SELECT … FROM cubes.transactions / POST /api/cubes/transactions/query {p50Sql:0.00} / {p50Api:0.00} ms ({p50Sql / p50Api - 1:+0.0%;-0.0%})"));
    }

    private async Task<(List<double> First, List<double> Second)> Alternating(Func<Task<string>> first, Func<Task<string>> second)
    {
        var (one, two) = (new List<double>(runs), new List<double>(runs));
        for (var i = 0; i < runs; i++)
        {
            // Which goes first changes each round, so that neither side always runs just after the other (warm caches,
            // a thread just woken) and a burst of load elsewhere falls on both alike.
            if (i % 2 == 0)
            {
                one.Add(await Time(first).ConfigureAwait(false));
                two.Add(await Time(second).ConfigureAwait(false));
            }
            else
            {
                two.Add(await Time(second).ConfigureAwait(false));
                one.Add(await Time(first).ConfigureAwait(false));
            }
        }

        return (one, two);
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

    /// <summary>The rows of an answer, only the columns named (a cube answer also has each level's caption).</summary>
    private static string Columns(string answer, params string[] names)
    {
        var root = JsonDocument.Parse(answer).RootElement;
        var columns = root.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        var kept = names.Select(n => columns.IndexOf(n)).ToList();
        return JsonSerializer.Serialize(root.GetProperty("rows").EnumerateArray().Select(row => kept.Select(i => row[i]).ToList()));
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
