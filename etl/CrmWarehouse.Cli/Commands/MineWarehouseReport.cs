using System.Globalization;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Warehouse.Marts;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.DuckDb;
using LinqToDB;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// What each `crmw mine …` command prints when it runs on the warehouse: a few tables read from the marts of one
/// as-of date, then the step's headline figures (from mart.mining_run) as the closing name=value line.
/// No names, phones, ID or account numbers: customers and accounts appear by their warehouse ids.
/// </summary>
internal static class MineWarehouseReport
{
    private static readonly Dictionary<string, (string Title, string Sql)[]> Tables = new(StringComparer.Ordinal)
    {
        ["profitability"] =
        [
            ("Pareto curve: share of profit earned by the most profitable customers",
             "SELECT customer_share, round(profit_share, 4) AS profit_share FROM mart.pareto_curve WHERE as_of = $as_of AND customer_share IN (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0) ORDER BY 1"),
            ("Value tiers (profit over the value window, CNY)",
             "SELECT value_tier, count(*) AS customers, round(sum(revenue), 0) AS revenue, round(sum(cost), 0) AS cost, round(sum(profit), 0) AS profit, round(avg(profit), 2) AS mean_profit FROM mart.customer_value WHERE as_of = $as_of GROUP BY 1 ORDER BY profit DESC"),
            ("Break-even of new customers (last 12 cohorts)",
             "SELECT cohort_month, customers, broke_even, median_months FROM mart.break_even WHERE as_of = $as_of ORDER BY cohort_month DESC LIMIT 12"),
        ],
        ["contribution"] =
        [
            ("Share of revenue and profit by category, channel and customer segment",
             "SELECT dimension, member, customers, transactions, round(revenue_share, 4) AS revenue_share, round(profit_share, 4) AS profit_share FROM mart.contribution WHERE as_of = $as_of AND dimension IN ('category', 'channel', 'customer_segment') ORDER BY dimension, profit DESC"),
            ("Top 10 products by profit",
             "SELECT member AS product, customers, round(revenue, 0) AS revenue, round(profit, 0) AS profit, round(profit_share, 4) AS profit_share FROM mart.contribution WHERE as_of = $as_of AND dimension = 'product' ORDER BY profit DESC LIMIT 10"),
            ("Top 10 branches by profit",
             "SELECT member AS branch, customers, round(profit, 0) AS profit, round(profit_share, 4) AS profit_share FROM mart.contribution WHERE as_of = $as_of AND dimension = 'branch' ORDER BY profit DESC LIMIT 10"),
        ],
        ["loyalty"] =
        [
            ("Loyalty index bands and their mean components",
             "SELECT (floor(loyalty_index / 20) * 20)::INTEGER AS band_from, count(*) AS customers, round(avg(tenure_months), 1) AS tenure_months, round(avg(persistence), 3) AS persistence, round(avg(repeat_rate), 3) AS repeat_rate, round(avg(products_held), 2) AS products, round(avg(adoption_rate), 3) AS adoption, round(avg(complaints), 3) AS complaints, round(avg(satisfaction), 2) AS satisfaction FROM mart.customer_value WHERE as_of = $as_of GROUP BY 1 ORDER BY 1"),
        ],
        ["rfm"] =
        [
            ("RFM segments (transactions of the RFM window)",
             "SELECT rfm_segment, count(*) AS customers, round(count(*) / sum(count(*)) OVER (), 3) AS share, round(avg(recency_days), 1) AS recency_days, round(avg(frequency), 1) AS frequency, round(avg(monetary), 0) AS monetary FROM mart.customer_value WHERE as_of = $as_of GROUP BY 1 ORDER BY customers DESC"),
            ("Migration since the previous scored date (top 15 moves)",
             "SELECT from_as_of, from_segment, to_segment, customers FROM mart.rfm_migration WHERE as_of = $as_of AND from_segment <> to_segment ORDER BY customers DESC LIMIT 15"),
        ],
        ["clv"] =
        [
            ("Top 10 customers by CLV (profit terms)",
             "SELECT customer_id, frequency, round(p_alive, 3) AS p_alive, round(expected_transactions, 2) AS expected_days, round(clv, 2) AS clv, value_tier FROM mart.customer_value WHERE as_of = $as_of AND clv IS NOT NULL ORDER BY clv DESC LIMIT 10"),
            ("CLV by value tier",
             "SELECT value_tier, count(*) AS customers, round(avg(p_alive), 3) AS mean_p_alive, round(avg(clv), 2) AS mean_clv, round(sum(clv), 0) AS total_clv FROM mart.customer_value WHERE as_of = $as_of GROUP BY 1 ORDER BY total_clv DESC"),
        ],
        ["churn"] =
        [
            ("Accounts opened and closed per month (last 12), closures by reason, churned customers",
             "SELECT month, opened, closed, net, round(loss_to_acquisition, 3) AS loss_to_acq, closed_natural AS natural, closed_competitive AS competitive, closed_service AS service, churned_customers FROM mart.churn_month WHERE as_of = $as_of ORDER BY month DESC LIMIT 12"),
            ("Churn precursors (90 days before churning, against customers who stayed)",
             "SELECT precursor, churners, round(churner_rate, 4) AS churner_rate, round(stayer_rate, 4) AS stayer_rate, round(lift, 2) AS lift FROM mart.churn_precursor WHERE as_of = $as_of ORDER BY lift DESC NULLS LAST"),
            ("Churn-risk model (trained at the first cutoff, evaluated at the second)",
             "SELECT definition, horizon_days, train_cutoff, test_cutoff, train_rows, train_churners, test_rows, test_churners, round(auc, 4) AS auc, round(precision_at_10, 4) AS precision_at_10, round(base_rate, 4) AS base_rate FROM mart.churn_model WHERE as_of = $as_of"),
            ("Risk bands", "SELECT churn_risk_band, count(*) AS customers, round(avg(churn_risk), 4) AS mean_risk FROM mart.customer_value WHERE as_of = $as_of GROUP BY 1 ORDER BY mean_risk DESC"),
        ],
        ["rules"] =
        [
            ("Cross-sell rules on product lines (top 15 by lift)",
             "SELECT array_to_string(antecedent, ' + ') AS holds, consequent AS also_takes, round(support, 4) AS support, round(confidence, 4) AS confidence, round(lift, 3) AS lift, customers FROM mart.association_rules WHERE as_of = $as_of ORDER BY lift DESC LIMIT 15"),
            ("Next best offers: how often each product line is the first offer",
             "SELECT offer, count(*) AS customers, round(avg(confidence), 3) AS mean_confidence FROM mart.next_best_offer WHERE as_of = $as_of AND rank = 1 GROUP BY 1 ORDER BY customers DESC"),
        ],
        ["tree"] =
        [
            ("Information gain at the root (target: holds a wealth-management product)",
             "SELECT attribute, round(gain, 4) AS gain, round(gain_ratio, 4) AS gain_ratio FROM mart.tree_gains WHERE as_of = $as_of AND node = '' ORDER BY gain DESC"),
            ("Rules (those predicting uptake first, by rows)",
             "SELECT rule_no, conditions, prediction, rows, correct, round(correct / rows, 3) AS accuracy FROM mart.tree_rules WHERE as_of = $as_of ORDER BY rule_no LIMIT 15"),
        ],
        ["segments"] =
        [
            ("k-means segments (k chosen by silhouette)",
             "SELECT segment_id, customers, round(share, 3) AS share, round(silhouette, 4) AS silhouette, description FROM mart.segments WHERE as_of = $as_of ORDER BY segment_id"),
            ("Segment profiles in CNY, years and counts (medians for balance, spending and transactions; means for the rest)",
             "SELECT segment_id, k AS measure, round(v, 2) AS value FROM (SELECT segment_id, unnest(map_keys(means)) AS k, unnest(map_values(means)) AS v FROM mart.segments WHERE as_of = $as_of) ORDER BY segment_id, measure"),
        ],
        ["outliers"] =
        [
            ("Alerts by rule: each rule's threshold, its alerts (none is 0) and the share of the accounts with transactions it alerted",
             """
             SELECT r.rule, r.threshold, count(a.account_key) AS alerts, count(DISTINCT a.account_key) AS accounts,
                    round(count(DISTINCT a.account_key) / nullif((SELECT count(DISTINCT account_key) FROM dw.fact_transaction WHERE account_key > 0 AND customer_id > 0 AND date_key <= strftime($as_of, '%Y%m%d')::INTEGER), 0), 6) AS share_of_accounts
             FROM (VALUES (1, 'structuring', format('{} amounts in [{:,.0f}, {:,.0f}) CNY within {} days', $structuring_count, $reporting_threshold * (1 - $near_band), $reporting_threshold, $window_days)),
                          (2, 'split_deposits', format('amounts each under {:,.0f} CNY adding up to it in a day', $reporting_threshold)),
                          (3, 'daily_amount', format('daily total >= {:,.0f} CNY', $daily_amount_limit)),
                          (4, 'velocity', format('>= {} transactions in a day', $daily_count_limit)),
                          (5, 'robust_z', format('robust z > {}', $robust_z_limit))) r(n, rule, threshold)
             LEFT JOIN mart.alerts a ON a.rule = r.rule AND a.as_of = $as_of
             GROUP BY r.n, r.rule, r.threshold ORDER BY r.n
             """),
            ("Structuring alerts (first 10)", "SELECT account_key, customer_id, alert_date, reason FROM mart.alerts WHERE as_of = $as_of AND rule = 'structuring' ORDER BY alert_date, account_key LIMIT 10"),
        ],
        ["profile"] =
        [
            ("What sets the group apart: categories most over- or under-represented (share in group vs the rest)",
             "SELECT attribute, value, round(group_value, 4) AS in_group, round(rest_value, 4) AS in_rest, round(ratio, 2) AS ratio FROM mart.profile WHERE as_of = $as_of AND group_name = $group AND value <> 'mean' AND attribute NOT IN (split_part($group, '=', 1)) AND greatest(group_value, rest_value) >= 0.02 ORDER BY abs(ln(greatest(coalesce(ratio, 100), 0.01))) DESC LIMIT 15"),
            ("Means in the group and in the rest",
             "SELECT attribute, round(group_value, 2) AS in_group, round(rest_value, 2) AS in_rest, round(ratio, 2) AS ratio FROM mart.profile WHERE as_of = $as_of AND group_name = $group AND value = 'mean' ORDER BY attribute"),
        ],
    };

    /// <summary>
    /// A line under a table that explains what would otherwise look wrong (a Pareto curve above 1, negative shares,
    /// cohorts with no break-even yet): SQL giving one text, or NULL when the data has no such case. By table title.
    /// </summary>
    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal)
    {
        ["Pareto curve: share of profit earned by the most profitable customers"] = """
            SELECT CASE
                WHEN total <= 0 THEN format('The customers lost {:,.0f} CNY in all over the value window: shares of a negative total read backwards.', -total)
                WHEN peak > 1 THEN format('The curve rises above 1.0 (to {:.3f}) and comes back down because {} customers ({:.1f}%) lost {:,.0f} CNY in all: the profitable customers earned more than the whole book.',
                                          peak, losers, 100.0 * losers / customers, -losses)
                END
            FROM (SELECT sum(profit) AS total, count(*) AS customers, count(*) FILTER (WHERE profit < 0) AS losers, coalesce(sum(profit) FILTER (WHERE profit < 0), 0) AS losses,
                         (SELECT max(profit_share) FROM mart.pareto_curve WHERE as_of = $as_of) AS peak
                  FROM mart.customer_value WHERE as_of = $as_of)
            """,
        ["Break-even of new customers (last 12 cohorts)"] = """
            SELECT CASE WHEN count(*) FILTER (WHERE broke_even = 0) > 0 THEN
                format('{} of these cohorts have no customer who broke even yet (median_months empty): they joined too recently for their profit to cover their costs.',
                       count(*) FILTER (WHERE broke_even = 0)) END
            FROM (SELECT broke_even FROM mart.break_even WHERE as_of = $as_of ORDER BY cohort_month DESC LIMIT 12)
            """,
        ["Share of revenue and profit by category, channel and customer segment"] = """
            SELECT CASE WHEN count(*) FILTER (WHERE profit < 0) > 0 THEN
                format('{} of these members lose money (a negative profit_share), so the positive shares of their dimension add up to more than 1. Shares are of profit (revenue less costs), not of the transactions cube''s net_fee_income.',
                       count(*) FILTER (WHERE profit < 0))
                ELSE 'Shares are of profit (revenue less costs), not of the transactions cube''s net_fee_income.' END
            FROM mart.contribution WHERE as_of = $as_of AND dimension IN ('category', 'channel', 'customer_segment')
            """,
    };

    /// <summary>The headline figures each step ends with, by their key in mart.mining_run.headline (the step prefix is dropped when printed).</summary>
    private static readonly Dictionary<string, string[]> Headlines = new(StringComparer.Ordinal)
    {
        ["profitability"] = ["top20_profit_share", "top20_margin_share_history", "total_profit", "loss_making_share", "break_even_months", "customers"],
        ["contribution"] = ["customers"],
        ["loyalty"] = ["loyalty.mean", "customers"],
        ["rfm"] = ["customers", "rfm.champions", "rfm.loyal", "rfm.potential_loyalist", "rfm.new", "rfm.about_to_sleep", "rfm.at_risk", "rfm.cant_lose_them", "rfm.hibernating", "rfm.lost"],
        ["clv"] = ["clv.r", "clv.alpha", "clv.a", "clv.b", "clv.ll", "clv.p", "clv.q", "clv.v", "clv.mean"],
        ["churn"] = ["churn.auc", "churn.precision_at_10", "churn.base_rate", "churn.loss_to_acquisition", "churn.high_risk"],
        ["rules"] = ["rules", "rules.top_lift", "rules.baskets"],
        ["tree"] = ["tree.rules", "tree.pruned", "tree.gain_deposit_balance", "tree.gain_age", "tree.gain_education"],
        ["segments"] = ["segments.k", "segments.silhouette"],
        ["outliers"] = ["alerts.structuring", "alerts.split_deposits", "alerts.daily_amount", "alerts.velocity", "alerts.robust_z"],
        ["profile"] = ["profile.group_customers"],
    };

    public static IReadOnlyCollection<string> Steps => Tables.Keys;

    /// <summary>
    /// Prints a step's tables and its headline: as tables with the name=value line; as CSV, each table after a
    /// <c># title</c> line and the headline as a last <c># name=value</c> line; as JSON, one object (step, as_of,
    /// tables by title, headline).
    /// </summary>
    public static void Print(DuckDBConnection warehouse, string step, DateOnly asOf, string? group, ResultFormat format, CrmWarehouse.Mining.Stage.MiningOptions options,
        CancellationToken cancellationToken)
    {
        var json = format == ResultFormat.Json;
        Console.Out.WriteLine(json
            ? $"{{\"step\": {JsonText(step)}, \"as_of\": \"{asOf:yyyy-MM-dd}\"{(group is null ? string.Empty : $", \"group\": {JsonText(group)}")}, \"tables\": {{"
            : $"{(format == ResultFormat.Csv ? "# " : string.Empty)}{step} as of {asOf:yyyy-MM-dd}{(group is null ? string.Empty : $", group {group}")}");
        var first = true;
        var notes = new List<(string Table, string Text)>();
        foreach (var (title, sql) in Tables[step])
        {
            // The outlier summary names the thresholds the alerts were raised with: a report may name any mining setting.
            var parameters = MiningParameters.For(options, asOf).Append(("group", group))
                .Where(p => sql.Contains("$" + p.Name, StringComparison.Ordinal)).ToList();
            using var reader = warehouse.Reader(sql, cancellationToken, [.. parameters]);
            Console.Out.WriteLine(format switch
            {
                ResultFormat.Json => $"{(first ? string.Empty : ",")}{JsonText(title)}:",
                ResultFormat.Csv => $"{(first ? string.Empty : Environment.NewLine)}# {title}",
                _ => Environment.NewLine + title,
            });
            ResultPrinter.Print(reader, format, Console.Out);
            first = false;
            if (Notes.TryGetValue(title, out var noteSql) && Note(warehouse, noteSql, asOf, cancellationToken) is { } note)
            {
                notes.Add((title, note));
                if (!json)
                {
                    Console.Out.WriteLine(format == ResultFormat.Csv ? $"# note: {note}" : $"Note: {note}");
                }
            }
        }

        var figures = Figures(warehouse, asOf, cancellationToken);
        var keys = Headlines[step].Where(figures.ContainsKey).ToList();
        if (step == "profile")
        {
            keys = ["profile.group_customers"];
        }

        if (json)
        {
            Console.Out.WriteLine($"}}, \"notes\": {{{string.Join(", ", notes.Select(n => $"{JsonText(n.Table)}: {JsonText(n.Text)}"))}}}, \"headline\": {{{string.Join(", ", keys.Select(k => $"{JsonText(Name(k))}: {(double.IsFinite(figures.GetValueOrDefault(k, double.NaN)) ? Format(figures[k]) : "null")}"))}}}}}");
            return;
        }

        if (format == ResultFormat.Csv)
        {
            Console.Out.Write("# ");
        }

        MineReport.Headline([.. keys.Select(k => (Name(k), (object)Format(figures.GetValueOrDefault(k, double.NaN))))]);
    }

    private static string? Note(DuckDBConnection warehouse, string sql, DateOnly asOf, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader(sql, cancellationToken, ("as_of", asOf));
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetString(0) : null;
    }

    private static string JsonText(string text) => System.Text.Json.JsonSerializer.Serialize(text, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Every headline figure of the latest published run of the date.</summary>
    public static Dictionary<string, double> Figures(DuckDBConnection warehouse, DateOnly asOf, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var marts = WarehouseData.Over(warehouse);
        var headline = (from r in marts.GetTable<MiningRunRecord>()
                        where r.AsOf == asOf && r.Status == RunStatus.Published
                        orderby r.RunId descending
                        select r.Headline).FirstOrDefault();
        return new Dictionary<string, double>(headline ?? [], StringComparer.Ordinal);
    }

    public static string Name(string key) => key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace('.', '_');

    public static string Format(double value) =>
        double.IsNaN(value) ? "none"
        : Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15 ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 100 ? "F2" : "F4", CultureInfo.InvariantCulture);
}
