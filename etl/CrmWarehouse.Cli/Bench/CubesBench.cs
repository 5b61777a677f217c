using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench cubes`: 24 fixed cube queries across the five subject areas (slice, dice, drill-down, subtotals, shares,
/// ratios, distinct counts, relative dates, SCD2 and current customer attributes, pivots, semi-additive balances, time
/// modifiers, captioned bands with totals), each run the way the
/// server runs it (its own snapshot transaction, the rollup list read, compiled, executed, every row read) with
/// rollups and forced to the facts, and the same question written by hand in SQL against the facts. The three answers
/// must be equal; the report gives p50/p95 per mode, the compiler's overhead over hand SQL on the facts, and how long
/// refreshing the rollups of the latest batch's months takes.
/// </summary>
internal sealed class CubesBench(string databasePath, CubeCatalog catalog, int runs, IProgress<string> progress)
{
    /// <summary>p50 with rollups must stay under this (issue #5), and compile + run on the facts within 5% of hand SQL.</summary>
    public const double TargetP50Milliseconds = 20;

    public const double TargetOverhead = 0.05;

    public BenchReport Run()
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath}");
        connection.Open();
        var asOf = BenchWarehouse.PublishedAsOf(connection, databasePath);
        var compiler = new CubeCompiler();
        var queries = Questions(asOf);
        var report = new BenchReport("cubes");
        report.Add("queries", queries.Count);
        report.Add("runs_per_query", runs);
        report.Add("transactions", connection.Count("SELECT count(*) FROM dw.fact_transaction", CancellationToken.None));

        var rollupTimes = new List<double>();
        var factTimes = new List<double>();
        var handTimes = new List<double>();
        double factMedianSum = 0, handMedianSum = 0;
        var routed = 0;
        foreach (var (name, cube, query, hand) in queries)
        {
            progress.Report(name);
            var definition = catalog.Get(cube);
            string? rollup = null;
            var (withRollups, onFacts, byHand) = Time(
                () => CubeAnswer(connection, compiler, definition, query, out rollup),
                () => CubeAnswer(connection, compiler, definition, query with { UseRollups = false }, out _),
                () => Answer(connection, hand));
            // Rows in the same order where the order is asked (a limit); otherwise as a set: the cube orders bands in their
            // natural order and the unknown member last, which the hand SQL does not repeat.
            var ordered = query.Limit is not null;
            if (Same(withRollups.Answer, byHand.Answer, ordered) is false || Same(onFacts.Answer, byHand.Answer, ordered) is false)
            {
                throw new InvalidOperationException($"bench cubes, query '{name}': the answers differ.\nrollups ({rollup ?? "facts"}):\n{withRollups.Answer}\nfacts:\n{onFacts.Answer}\nhand SQL:\n{byHand.Answer}");
            }

            routed += rollup is null ? 0 : 1;
            rollupTimes.AddRange(withRollups.Milliseconds);
            factTimes.AddRange(onFacts.Milliseconds);
            handTimes.AddRange(byHand.Milliseconds);
            factMedianSum += Percentile(onFacts.Milliseconds, 0.5);
            handMedianSum += Percentile(byHand.Milliseconds, 0.5);
            report.AddDetail(name, string.Create(CultureInfo.InvariantCulture,
                $"p50 ms rollup/facts/hand {Percentile(withRollups.Milliseconds, 0.5):0.0} / {Percentile(onFacts.Milliseconds, 0.5):0.0} / {Percentile(byHand.Milliseconds, 0.5):0.0} ({rollup ?? "facts"})"));
        }

        report.Add("routed_to_rollups", routed);
        report.Add("p50_rollup_ms", Math.Round(Percentile(rollupTimes, 0.5), 2));
        report.Add("p95_rollup_ms", Math.Round(Percentile(rollupTimes, 0.95), 2));
        report.Add("p50_facts_ms", Math.Round(Percentile(factTimes, 0.5), 2));
        report.Add("p95_facts_ms", Math.Round(Percentile(factTimes, 0.95), 2));
        report.Add("p50_hand_ms", Math.Round(Percentile(handTimes, 0.5), 2));
        report.Add("p95_hand_ms", Math.Round(Percentile(handTimes, 0.95), 2));
        report.Add("compiler_overhead", Math.Round(factMedianSum / handMedianSum - 1, 4));

        progress.Report($"refreshing the rollups of the latest batch's months");
        var months = LatestBatchMonths(connection);
        var refresh = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            new RollupRefresher(catalog).Refresh(connection, months, CancellationToken.None, transaction);
            transaction.Rollback();
        }

        report.Add("refresh_months", months.Count);
        report.AddSeconds("refresh_s", refresh.Elapsed.TotalSeconds);
        return report;
    }

    private static bool Same(string cube, string hand, bool ordered) =>
        ordered ? cube == hand : cube.Split('\n').Order(StringComparer.Ordinal).SequenceEqual(hand.Split('\n').Order(StringComparer.Ordinal));

    /// <summary>One query as the server answers it: a snapshot, the rollup list, compile, execute, read every row.</summary>
    private static string CubeAnswer(DuckDBConnection connection, CubeCompiler compiler, CubeDefinition cube, CubeQuery query, out string? rollup)
    {
        using var snapshot = connection.BeginTransaction();
        var compiled = compiler.Compile(cube, query, connection);
        rollup = compiled.Rollup;
        using var command = compiled.CreateCommand(connection);
        using var reader = command.ExecuteReader();
        return Text(reader, skipGrouping: true);
    }

    private static string Answer(DuckDBConnection connection, string sql)
    {
        using var reader = connection.Reader(sql, CancellationToken.None);
        return Text(reader, skipGrouping: true);
    }

    /// <summary>The rows as text, numbers to 9 significant digits (a rollup adds partial sums in another order).</summary>
    internal static string Text(DuckDBDataReader reader, bool skipGrouping)
    {
        var lines = new List<string>();
        while (reader.Read())
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // Captions are for people (the hand SQL gives keys); the grouping mask is the cube's own.
                if (skipGrouping && (reader.GetName(i) == "_grouping" || reader.GetName(i).EndsWith(":caption", StringComparison.Ordinal)))
                {
                    continue;
                }

                cells.Add(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                {
                    double d => d.ToString("G9", CultureInfo.InvariantCulture),
                    float f => ((double)f).ToString("G9", CultureInfo.InvariantCulture),
                    decimal m => ((double)m).ToString("G9", CultureInfo.InvariantCulture),
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    int n => n.ToString(CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
                });
            }

            lines.Add(string.Join(" | ", cells));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Times the three ways of asking in turns, run by run, so that a busy spell of the machine falls on all three alike
    /// rather than on whichever was being timed then (the overhead is a ratio of their medians).
    /// </summary>
    private ((string Answer, List<double> Milliseconds) Rollups, (string Answer, List<double> Milliseconds) Facts, (string Answer, List<double> Milliseconds) Hand)
        Time(Func<string> rollups, Func<string> facts, Func<string> hand)
    {
        // Warm-up, and the answers compared.
        var answers = (Rollups: rollups(), Facts: facts(), Hand: hand());
        var times = (Rollups: new List<double>(runs), Facts: new List<double>(runs), Hand: new List<double>(runs));
        for (var i = 0; i < runs; i++)
        {
            times.Rollups.Add(Milliseconds(rollups));
            times.Facts.Add(Milliseconds(facts));
            times.Hand.Add(Milliseconds(hand));
        }

        return ((answers.Rollups, times.Rollups), (answers.Facts, times.Facts), (answers.Hand, times.Hand));
    }

    private static double Milliseconds(Func<string> query)
    {
        var clock = Stopwatch.StartNew();
        query();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    private static List<int> LatestBatchMonths(DuckDBConnection connection)
    {
        using var reader = connection.Reader("""
            SELECT DISTINCT date_key // 100 FROM dw.fact_transaction
            WHERE batch_id = (SELECT max(batch_id) FROM audit.batch WHERE status = 'published') AND date_key > 0 ORDER BY 1
            """, CancellationToken.None);
        var months = new List<int>();
        while (reader.Read())
        {
            months.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return months;
    }

    private static int MonthsBack(int yyyymm, int months)
    {
        var index = (yyyymm / 100 * 12) + (yyyymm % 100) - 1 - months;
        return (index / 12 * 100) + (index % 12) + 1;
    }

    private static CubeQuery Q(string json) => JsonSerializer.Deserialize<CubeQuery>(json, JsonOptions)!;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The 20 questions for a warehouse as of <paramref name="asOf"/>: name, cube, cube query, and the same question
    /// in hand-written SQL on dw.* (the Parquet export's test asks them of the export too).
    /// </summary>
    public static List<(string Name, string Cube, CubeQuery Query, string Hand)> Questions(DateOnly asOf)
    {
        var lastMonth = asOf.Year * 100 + asOf.Month;
        return Queries(lastMonth, MonthsBack(lastMonth, 11));
    }

    /// <summary>The 24 questions: name, cube, cube query, and the same question in hand-written SQL on the facts.</summary>
    private static List<(string Name, string Cube, CubeQuery Query, string Hand)> Queries(int lastMonth, int firstOfTwelve) =>
    [
        ("t01_amount_by_year", "transactions", Q("""{"measures":["amount","transactions","fee"],"by":["date.year"]}"""),
            "SELECT date_key // 10000 AS y, sum(amount), count(*), sum(fee) FROM dw.fact_transaction GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("t02_year_by_channel_type", "transactions", Q("""{"measures":["amount"],"by":["date.year","channel.type"]}"""),
            "SELECT f.date_key // 10000 AS y, ch.type AS t, sum(f.amount) FROM dw.fact_transaction f LEFT JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("t03_dice_category_one_year", "transactions", Q($$"""{"measures":["amount","fee_rate"],"by":["product.category"],"where":[{"level":"date.year","op":"eq","value":{{lastMonth / 100}}}]}"""),
            $"SELECT p.category AS c, sum(f.amount), CAST(sum(f.fee) AS DOUBLE) / NULLIF(CAST(sum(f.amount) AS DOUBLE), 0) FROM dw.fact_transaction f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key WHERE f.date_key // 10000 = {lastMonth / 100} GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("t04_net_fee_income_half_year", "transactions", Q($$"""{"measures":["net_fee_income","servicing_cost"],"by":["channel.type","branch.province"],"where":[{"level":"date.month","op":"range","from":{{MonthsBack(lastMonth, 5)}},"to":{{lastMonth}}}]}"""),
            $"SELECT ch.type, b.province, sum(f.fee - coalesce(ch.cost_per_txn, 0)), sum(coalesce(ch.cost_per_txn, 0)) FROM dw.fact_transaction f LEFT JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key LEFT JOIN dw.dim_branch b ON b.branch_key = f.branch_key WHERE f.date_key // 100 BETWEEN {MonthsBack(lastMonth, 5)} AND {lastMonth} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("t05_share_by_category_grand_total", "transactions", Q("""{"measures":["amount","share_of_amount"],"by":["product.category"],"totals":"grand"}"""),
            "SELECT p.category, sum(f.amount), CAST(sum(f.amount) AS DOUBLE) / NULLIF(CAST(sum(sum(f.amount)) OVER (PARTITION BY GROUPING(p.category)) AS DOUBLE), 0) FROM dw.fact_transaction f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key GROUP BY GROUPING SETS ((p.category), ()) ORDER BY 1 NULLS LAST"),
        ("t06_drill_year_quarter_subtotals", "transactions", Q("""{"measures":["amount"],"by":["date.year","date.quarter"],"totals":"subtotals"}"""),
            "SELECT f.date_key // 10000 AS y, (f.date_key // 10000) * 10 + d.quarter AS q, sum(f.amount) FROM dw.fact_transaction f LEFT JOIN dw.dim_date d ON d.date_key = f.date_key GROUP BY GROUPING SETS ((1, 2), (1), ()) ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("t07_segment_by_month_last_12", "transactions", Q("""{"measures":["amount","transactions"],"by":["customer.segment","date.month"],"where":[{"op":"last","count":12,"unit":"months"}]}"""),
            $"SELECT c.segment, f.date_key // 100, sum(f.amount), count(*) FROM dw.fact_transaction f LEFT JOIN dw.dim_customer c ON c.customer_key = f.customer_key WHERE f.date_key // 100 BETWEEN {firstOfTwelve} AND {lastMonth} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("t08_top_regions_by_average", "transactions", Q("""{"measures":["average_amount"],"by":["branch.region"],"orderBy":[{"field":"average_amount","descending":true}],"limit":10}"""),
            "SELECT b.region, avg(f.amount) AS a FROM dw.fact_transaction f LEFT JOIN dw.dim_branch b ON b.branch_key = f.branch_key GROUP BY 1 ORDER BY a DESC NULLS LAST, 1 NULLS LAST LIMIT 10"),
        ("t09_distinct_customers_by_channel", "transactions", Q("""{"measures":["customers"],"by":["channel.type"],"where":[{"level":"date.year","op":"eq","value":2025}]}"""),
            "SELECT ch.type, count(DISTINCT f.customer_id) FROM dw.fact_transaction f LEFT JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key WHERE f.date_key // 10000 = 2025 GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("t10_today_tier_by_direction", "transactions", Q("""{"measures":["amount"],"by":["customer_now.tier","transaction.direction"]}"""),
            "SELECT cn.tier, f.direction, sum(f.amount) FROM dw.fact_transaction f LEFT JOIN dw.dim_customer cn ON cn.customer_id = f.customer_id AND cn.is_current GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("b11_balances_year_category", "balances", Q("""{"measures":["balance","average_daily_balance"],"by":["date.year","product.category"]}"""),
            "SELECT y, c, arg_max(b, m), avg(a) FROM (SELECT f.month_key // 10000 AS y, p.category AS c, f.month_key AS m, sum(f.balance) AS b, sum(f.avg_daily_balance) AS a FROM dw.fact_balance_month f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key GROUP BY 1, 2, 3) GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("b12_margin_by_product", "balances", Q($$"""{"measures":["net_interest_margin"],"by":["product.product"],"where":[{"level":"date.year","op":"eq","value":{{lastMonth / 100}}}]}"""),
            $"SELECT p.code, CAST(sum(f.avg_daily_balance * CASE WHEN p.category = 'loan' THEN p.customer_rate - p.ftp_rate ELSE p.ftp_rate - p.customer_rate END) AS DOUBLE) / NULLIF(CAST(sum(f.avg_daily_balance) AS DOUBLE), 0) FROM dw.fact_balance_month f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key WHERE f.month_key // 10000 = {lastMonth / 100} GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("b13_accounts_province_segment", "balances", Q($$"""{"measures":["accounts","average_balance"],"by":["branch.province","customer.segment"],"where":[{"level":"date.month","op":"eq","value":{{lastMonth}}}]}"""),
            $"SELECT b.province, c.segment, count(*), avg(f.balance) FROM dw.fact_balance_month f LEFT JOIN dw.dim_branch b ON b.branch_key = f.branch_key LEFT JOIN dw.dim_customer c ON c.customer_key = f.customer_key WHERE f.month_key // 100 = {lastMonth} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("c14_churn_by_year", "churn", Q("""{"measures":["opened","closed","net_change","loss_to_acquisition"],"by":["date.year"]}"""),
            "SELECT f.date_key // 10000, sum(CASE WHEN f.event_type = 'opened' THEN 1 ELSE 0 END) AS o, sum(CASE WHEN f.event_type = 'closed' THEN 1 ELSE 0 END) AS c, sum(CASE f.event_type WHEN 'opened' THEN 1 WHEN 'closed' THEN -1 ELSE 0 END), CAST(c AS DOUBLE) / NULLIF(CAST(o AS DOUBLE), 0) FROM dw.fact_account_event f GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("c15_closures_by_reason_last_12", "churn", Q("""{"measures":["closed"],"by":["reason.category"],"where":[{"op":"last","count":12,"unit":"months"}]}"""),
            $"SELECT CASE WHEN f.event_type = 'closed' THEN coalesce(f.reason_category, 'other') ELSE 'not_closed' END, sum(CASE WHEN f.event_type = 'closed' THEN 1 ELSE 0 END) FROM dw.fact_account_event f WHERE f.date_key // 100 BETWEEN {firstOfTwelve} AND {lastMonth} GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("c16_loss_ratio_category_segment", "churn", Q("""{"measures":["loss_to_acquisition"],"by":["product.category","customer.segment"]}"""),
            "SELECT p.category, c.segment, CAST(sum(CASE WHEN f.event_type = 'closed' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(CAST(sum(CASE WHEN f.event_type = 'opened' THEN 1 ELSE 0 END) AS DOUBLE), 0) FROM dw.fact_account_event f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key LEFT JOIN dw.dim_customer c ON c.customer_key = f.customer_key GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("p17_profile_age_share", "customer_profile", Q("""{"measures":["customers","share_of_customers"],"by":["customer.age_band"]}"""),
            "SELECT age_band, count(*), CAST(count(*) AS DOUBLE) / NULLIF(CAST(sum(count(*)) OVER () AS DOUBLE), 0) FROM dw.dim_customer WHERE is_current AND customer_key <> 0 GROUP BY 1 ORDER BY 1 NULLS LAST"),
        ("p18_profile_education_by_gender", "customer_profile", Q("""{"measures":["customers"],"by":["customer.education","customer.gender"]}"""),
            "SELECT education, gender, count(*) FROM dw.dim_customer WHERE is_current AND customer_key <> 0 GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("i19_interactions_channel_year", "interactions", Q("""{"measures":["interactions","complaints"],"by":["channel.type","date.year"]}"""),
            "SELECT ch.type, f.date_key // 10000, count(*), sum(CASE WHEN f.kind = 'complaint' THEN 1 ELSE 0 END) FROM dw.fact_interaction f LEFT JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("i20_service_by_segment_subtotals", "interactions", Q("""{"measures":["response_rate","satisfaction"],"by":["customer.segment","interaction.kind"],"totals":"subtotals"}"""),
            "SELECT c.segment, f.kind, CAST(sum(CASE WHEN f.kind = 'response' THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(CAST(sum(CASE WHEN f.kind = 'campaign' THEN 1 ELSE 0 END) AS DOUBLE), 0), CAST(sum(f.satisfaction) AS DOUBLE) / NULLIF(count(f.satisfaction), 0) FROM dw.fact_interaction f LEFT JOIN dw.dim_customer c ON c.customer_key = f.customer_key GROUP BY GROUPING SETS ((1, 2), (1), ()) ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("b21_accounts_held_by_quarter_subtotals", "balances", Q("""{"measures":["accounts","aum"],"by":["date.year","date.quarter"],"totals":"subtotals"}"""),
            "WITH m AS (SELECT f.month_key // 10000 AS y, (f.month_key // 10000) * 10 + (f.month_key // 100 % 100 + 2) // 3 AS q, f.month_key // 100 AS m, count(*) AS n, sum(CASE WHEN p.category IN ('deposit', 'wealth') THEN f.balance ELSE 0 END) AS a FROM dw.fact_balance_month f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key GROUP BY 1, 2, 3) "
            + "SELECT y, q, arg_max(n, m), arg_max(a, m) FROM m GROUP BY y, q UNION ALL SELECT y, NULL, arg_max(n, m), arg_max(a, m) FROM (SELECT y, m, sum(n) AS n, sum(a) AS a FROM m GROUP BY y, m) GROUP BY y "
            + "UNION ALL SELECT NULL, NULL, arg_max(n, m), arg_max(a, m) FROM (SELECT m, sum(n) AS n, sum(a) AS a FROM m GROUP BY m) ORDER BY 1 NULLS LAST, 2 NULLS LAST"),
        ("c22_opened_last_year_by_month", "churn", Q("""{"measures":["opened","opened:ly","opened:growth_ly"],"by":["date.month"]}"""),
            "WITH s AS (SELECT f.date_key // 100 AS m, sum(CASE WHEN f.event_type = 'opened' THEN 1 ELSE 0 END) AS o FROM dw.fact_account_event f GROUP BY 1), l AS (SELECT m, o, (SELECT x.o FROM s x WHERE x.m = s.m - 100) AS ly FROM s) SELECT m, o, ly, (o - ly) / CAST(ly AS DOUBLE) FROM l ORDER BY 1"),
        ("c23_closed_ytd_by_month_and_category", "churn", Q($$"""{"measures":["closed:ytd","loss_to_acquisition:rolling12"],"by":["date.month","product.category"],"where":[{"level":"date.year","op":"eq","value":{{lastMonth / 100}}}]}"""),
            $"WITH s AS (SELECT f.date_key // 100 AS m, p.category AS c, sum(CASE WHEN f.event_type = 'closed' THEN 1 ELSE 0 END) AS cl, sum(CASE WHEN f.event_type = 'opened' THEN 1 ELSE 0 END) AS op FROM dw.fact_account_event f LEFT JOIN dw.dim_product p ON p.product_key = f.product_key GROUP BY 1, 2), i AS (SELECT *, (m // 100) * 12 + m % 100 AS n FROM s) SELECT m, c, (SELECT sum(x.cl) FROM i x WHERE x.c IS NOT DISTINCT FROM i.c AND x.m // 100 = i.m // 100 AND x.m <= i.m), (SELECT CAST(sum(x.cl) AS DOUBLE) / NULLIF(CAST(sum(x.op) AS DOUBLE), 0) FROM i x WHERE x.c IS NOT DISTINCT FROM i.c AND x.n BETWEEN i.n - 11 AND i.n) FROM i WHERE m // 100 = {lastMonth / 100} ORDER BY 1, 2"),
        ("p24_profile_education_share_total", "customer_profile", Q("""{"measures":["customers","share_of_customers"],"by":["customer.education"],"totals":"grand"}"""),
            "SELECT education, count(*), CAST(count(*) AS DOUBLE) / NULLIF(CAST(sum(count(*)) OVER (PARTITION BY GROUPING(education)) AS DOUBLE), 0) FROM dw.dim_customer WHERE is_current AND customer_key <> 0 GROUP BY GROUPING SETS ((education), ()) ORDER BY 1 NULLS LAST"),
    ];
}
