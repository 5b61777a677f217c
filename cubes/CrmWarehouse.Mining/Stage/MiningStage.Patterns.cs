using System.Globalization;
using CrmWarehouse.Mining.Rules;
using CrmWarehouse.Mining.Segments;
using CrmWarehouse.Mining.Trees;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Mining.Stage;

/// <summary>The pattern-finding steps: cross-sell rules and offers, segments, the decision tree, outlier alerts.</summary>
public sealed partial class MiningStage
{
    /// <summary>
    /// The product line of a holding, the item of the cross-sell baskets (every line a customer has taken up by the as-of
    /// date, closed accounts included: "customers who took A also took B"): the subcategory for deposits, loans and services
    /// (活期, 按揭, 代发 …), the category for cards, wealth management, funds and insurance (whose subcategories are grades of one line).
    /// </summary>
    private const string ProductLine = "CASE WHEN p.category IN ('deposit', 'loan', 'service') THEN coalesce(p.subcategory, p.category) ELSE p.category END";

    private void Rules(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        var baskets = new BasketSet();
        var customers = new List<long>();
        using (var reader = sql.Warehouse.Reader($"""
            SELECT a.customer_id, string_agg(DISTINCT {ProductLine}, chr(31) ORDER BY {ProductLine})
            FROM m_account a JOIN dw.dim_product p USING (product_key)
            WHERE a.category <> 'unknown' AND a.customer_id IN (SELECT customer_id FROM m_customer)
            GROUP BY a.customer_id ORDER BY a.customer_id
            """, cancellationToken))
        {
            while (reader.Read())
            {
                customers.Add(reader.GetInt64(0));
                baskets.Add(reader.GetString(1).Split('\u001f'), customers[^1].ToString(CultureInfo.InvariantCulture));
            }
        }

        if (baskets.Baskets.Count == 0)
        {
            throw new InvalidOperationException($"No customer holds a product on {sql.AsOf:yyyy-MM-dd}: there are no baskets for cross-sell rules.");
        }

        var itemsets = FpGrowth.Mine(baskets, options.RuleSupport, maxLength: options.RuleMaxProducts, cancellationToken);
        var rules = AssociationRule.FromItemsets(itemsets, baskets.Baskets.Count, options.RuleConfidence, minLength: 2, cancellationToken)
            .OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ToList();
        // Rules go in as VALUES: the appender does not write lists.
        sql.Execute("CREATE OR REPLACE TABLE mart.work_rules (rule_no INTEGER, antecedent VARCHAR[], consequent VARCHAR, support DOUBLE, confidence DOUBLE, lift DOUBLE, customers BIGINT)", cancellationToken);
        for (var start = 0; start < rules.Count; start += 500)
        {
            var values = rules.Skip(start).Take(500).Select((r, i) => string.Create(CultureInfo.InvariantCulture,
                $"({start + i + 1}, [{string.Join(", ", r.Antecedent.Select(a => Quote(baskets.ItemNames[a])))}], {Quote(baskets.ItemNames[r.Consequent])}, {r.Support:R}, {r.Confidence:R}, {r.Lift:R}, {r.Count})"));
            sql.Execute("INSERT INTO mart.work_rules VALUES " + string.Join(", ", values), cancellationToken);
        }

        sql.Execute("INSERT INTO mart.association_rules SELECT $as_of, * FROM mart.work_rules", cancellationToken);
        using (var offers = sql.Warehouse.CreateAppender("mart", "next_best_offer"))
        {
            for (var b = 0; b < baskets.Baskets.Count; b++)
            {
                var rank = 0;
                foreach (var offer in NextBestOffer.For(baskets.Baskets[b], rules, options.OffersPerCustomer))
                {
                    offers.CreateRow().AppendValue(sql.AsOf).AppendValue(customers[b]).AppendValue((sbyte)++rank).AppendValue(baskets.ItemNames[offer.Item])
                        .AppendValue(offer.Because.Confidence).AppendValue(offer.Because.Lift).AppendValue(offer.Because.Describe(baskets.ItemNames)).EndRow();
                }
            }
        }

        headline["rules"] = rules.Count;
        headline["rules.top_lift"] = rules.Count > 0 ? rules[0].Lift : double.NaN;
        headline["rules.baskets"] = baskets.Baskets.Count;
    }

    /// <summary>
    /// The features segments are found on (standardised before k-means), one SQL expression each; money and counts in
    /// logs so that a few rich customers do not make a segment each. Each feature also says how a segment is described
    /// to an analyst: a label, and a summary in money, years or counts (medians for the skewed ones).
    /// </summary>
    private static readonly (string Name, string Sql, string Label, string SummaryName, string Summary)[] SegmentFeatures =
    [
        ("log_deposit_balance", "ln(1 + coalesce(b.balance, 0))", "deposit balance", "median_deposit_balance_cny", "median(coalesce(b.balance, 0))"),
        ("log_monetary", "ln(1 + coalesce(r.monetary, 0))", "spending", "median_spending_cny", "median(coalesce(r.monetary, 0))"),
        ("log_frequency", "ln(1 + coalesce(r.frequency, 0))", "transactions", "median_transactions", "median(coalesce(r.frequency, 0))"),
        ("products_held", "l.products_held", "products held", "mean_products_held", "avg(l.products_held)"),
        ("tenure_years", "c.tenure_months / 12.0", "tenure", "mean_tenure_years", "avg(c.tenure_months / 12.0)"),
        ("age", "coalesce(c.age, $segment_unknown_age)", "age", "mean_age_years", "avg(c.age)"),
        ("mobile_share", "l.mobile_share", "mobile share", "mean_mobile_share", "avg(l.mobile_share)"),
    ];

    /// <summary>The joins every feature expression and summary is written against.</summary>
    private const string SegmentFeatureSource = """
        m_customer c JOIN m_loyalty l USING (customer_id)
        LEFT JOIN m_rfm_input r USING (customer_id)
        LEFT JOIN m_balance_customer b ON b.customer_id = c.customer_id AND b.month = date_trunc('month', $as_of)
        """;

    private void Segments(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        var rows = ReadAll(sql.Warehouse, $"""
            SELECT c.customer_id, {string.Join(", ", SegmentFeatures.Select(f => $"({f.Sql})::DOUBLE"))}
            FROM {SegmentFeatureSource}
            ORDER BY c.customer_id
            """, r => (Id: r.GetInt64(0), Features: Enumerable.Range(1, SegmentFeatures.Length).Select(r.GetDouble).ToArray()), cancellationToken,
            ("as_of", sql.AsOf), ("segment_unknown_age", options.SegmentUnknownAge));
        var matrix = new FeatureMatrix([.. SegmentFeatures.Select(f => f.Name)], [.. rows.Select(r => r.Features)]);
        var standardised = matrix.Standardised().Rows;
        var (fitted, tried) = SegmentCount.Choose([.. Sample(standardised, options.SegmentFitSample, options.Seed)], options.SegmentsFrom, options.SegmentsTo, options.Seed, cancellationToken);
        var silhouette = tried.First(t => t.K == fitted.Centroids.Length).Silhouette;
        var assignment = Array.ConvertAll(standardised, point => KMeans.Nearest(point, fitted.Centroids));
        var best = fitted with { Assignment = assignment };
        using (var appender = WorkTable.Create(sql.Warehouse, "segments", "customer_id BIGINT, segment_id INTEGER", cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                appender.CreateRow().AppendValue(rows[i].Id).AppendValue(best.Assignment[i] + 1).EndRow();
            }
        }

        // Each segment described in what an analyst reads (CNY, years, counts), not in the standardised logs it was found in.
        var summaries = ReadAll(sql.Warehouse, $"""
            SELECT s.segment_id, {string.Join(", ", SegmentFeatures.Select(f => $"({f.Summary})::DOUBLE"))}
            FROM {SegmentFeatureSource}
            JOIN mart.{WorkTable.Name("segments")} s ON s.customer_id = c.customer_id
            GROUP BY s.segment_id
            """, r => (Segment: r.GetInt32(0), Values: Enumerable.Range(1, SegmentFeatures.Length).Select(j => r.IsDBNull(j) ? double.NaN : r.GetDouble(j)).ToArray()),
            cancellationToken, ("as_of", sql.AsOf)).ToDictionary(r => r.Segment, r => r.Values);
        string[] labels = [.. SegmentFeatures.Select(f => f.Label)];
        foreach (var profile in SegmentProfile.Describe(matrix, best))
        {
            var values = summaries[profile.Segment + 1];
            var means = "MAP {" + string.Join(", ", SegmentFeatures.Select((f, j) => $"'{f.SummaryName}': {Number(values[j])}::DOUBLE")) + "}";
            sql.Execute($"INSERT INTO mart.segments VALUES ($as_of, $segment, $customers, $share, $silhouette, $description, {means})", cancellationToken,
                ("segment", profile.Segment + 1), ("customers", (long)profile.Size), ("share", profile.Share), ("silhouette", silhouette),
                ("description", profile.Headline(labels)));
        }

        headline["segments.k"] = best.Centroids.Length;
        headline["segments.silhouette"] = silhouette;
    }

    /// <summary>
    /// The wealth-management uptake tree: which customers hold a wealth-management product, from age, education, the deposit
    /// balance (mean month-end balance over the value window, Mining:ValueMonths), income band, gender, occupation and segment.
    /// </summary>
    private void Tree(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        const string Target = "holds_wealth";
        string[] header = ["age", "education", "deposit_balance", "income_band", "gender", "occupation", "segment", Target];
        var raw = ReadAll(sql.Warehouse, """
            SELECT coalesce(c.age::VARCHAR, 'unknown'), coalesce(c.education, 'unknown'), coalesce(b.balance, 0)::VARCHAR,
                   coalesce(c.income_band, 'unknown'), coalesce(c.gender, 'U'), coalesce(c.occupation, 'unknown'), coalesce(c.segment, 'unknown'),
                   CASE WHEN w.customer_id IS NULL THEN 'no' ELSE 'yes' END
            FROM m_customer c
            LEFT JOIN (SELECT customer_id, avg(balance) AS balance FROM m_balance_customer WHERE month > $as_of - to_months($value_months) GROUP BY ALL) b USING (customer_id)
            LEFT JOIN (SELECT DISTINCT customer_id FROM m_account WHERE category = 'wealth' AND close_date IS NULL) w USING (customer_id)
            ORDER BY c.customer_id
            """, r => Enumerable.Range(0, header.Length).Select(r.GetString).ToArray(), cancellationToken, ("as_of", sql.AsOf), ("value_months", options.ValueMonths));
        // Ages unknown for a few customers: the column stays numeric for the others only if every value parses, so they get the median.
        var ages = raw.Where(r => r[0] != "unknown").Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).Order().ToArray();
        var medianAge = ages.Length == 0 ? options.SegmentUnknownAge.ToString(CultureInfo.InvariantCulture) : ages[ages.Length / 2].ToString(CultureInfo.InvariantCulture);
        foreach (var row in raw.Where(r => r[0] == "unknown"))
        {
            row[0] = medianAge;
        }

        // Few customers hold wealth management, so no leaf would ever predict uptake: the tree learns from every holder and
        // as many non-holders drawn at random (seeded), and a rule predicting uptake means "at least as likely as not" there.
        var holders = raw.Where(r => r[^1] == "yes").ToList();
        var others = raw.Where(r => r[^1] == "no").ToArray();
        new Random(options.Seed).Shuffle(others);
        List<string[]> balanced = [.. holders, .. others.Take(holders.Count)];
        if (holders.Count == 0 || others.Length == 0)
        {
            throw new InvalidOperationException($"The wealth-uptake tree needs holders and non-holders on {sql.AsOf:yyyy-MM-dd}; there are {holders.Count} and {others.Length}.");
        }

        var table = AttributeTable.FromRows(header, [.. Enumerable.Range(0, header.Length - 1)], header.Length - 1, balanced, options.TreeBands, options.TreeCutPoints);
        var criterion = options.TreeCriterion == "gain" ? SplitCriterion.InformationGain : SplitCriterion.GainRatio;
        var root = new TreeInduction(criterion, MaxDepth: options.TreeMaxDepth, MinRowsToSplit: options.TreeMinRowsToSplit).Grow(table, cancellationToken);
        var pruned = new PessimisticPruning().Prune(root);
        var rules = TreeRule.From(root, table);
        using (var appender = sql.Warehouse.CreateAppender("mart", "tree_rules"))
        {
            var number = 0;
            foreach (var rule in rules.OrderByDescending(r => r.Class == "yes").ThenByDescending(r => r.Rows))
            {
                appender.CreateRow().AppendValue(sql.AsOf).AppendValue(Target).AppendValue(++number).AppendValue(string.Join(" AND ", rule.Conditions.Select(c => $"{c.Attribute} = {c.Value}")))
                    .AppendValue(rule.Class).AppendValue((long)rule.Rows).AppendValue((long)rule.Correct).EndRow();
            }
        }

        using (var appender = sql.Warehouse.CreateAppender("mart", "tree_gains"))
        {
            foreach (var (path, node) in TreeRule.SplitNodes(root, table))
            {
                foreach (var score in node.Scores)
                {
                    appender.CreateRow().AppendValue(sql.AsOf).AppendValue(Target).AppendValue(path).AppendValue(table.Attributes[score.Attribute]).AppendValue(score.Gain).AppendValue(score.GainRatio).EndRow();
                }
            }
        }

        headline["tree.rules"] = rules.Count;
        headline["tree.pruned"] = pruned;
        foreach (var score in root.Scores)
        {
            headline["tree.gain_" + table.Attributes[score.Attribute]] = score.Gain;
        }
    }

    private static void Outliers(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        sql.Execute("""
            CREATE OR REPLACE TEMP TABLE m_outlier_txn AS
            SELECT account_key::VARCHAR AS account, day, amount, 0 AS seq FROM mart.work_txn WHERE account_key > 0
            """, cancellationToken);
        sql.Run("outliers", cancellationToken);
        sql.Execute("""
            INSERT INTO mart.alerts
            SELECT $as_of, a.account::BIGINT, coalesce(d.customer_id, 0), a.day, a.rule, a.reason, a.score
            FROM m_alert a LEFT JOIN dw.dim_account d ON d.account_key = a.account::BIGINT
            """, cancellationToken);
        // Every rule in the headline, a rule that raised nothing as 0 (seed 004 asks whether too many accounts cross one).
        foreach (var rule in (string[])["structuring", "split_deposits", "daily_amount", "velocity", "robust_z"])
        {
            headline["alerts." + rule] = 0;
        }

        foreach (var (rule, count) in ReadAll(sql.Warehouse, "SELECT rule, count(*) FROM m_alert GROUP BY rule", r => (r.GetString(0), r.GetInt64(1)), cancellationToken))
        {
            headline["alerts." + rule] = count;
        }

        // The settings the rules ran with, kept with the run so that whoever shows its alerts (the web UI's AML
        // dashboard, which cannot read this process's configuration) can say what each threshold was.
        var rules = sql.Options.Outliers;
        headline["alerts.setting.reporting_threshold"] = rules.ReportingThreshold;
        headline["alerts.setting.near_band"] = rules.NearBand;
        headline["alerts.setting.structuring_count"] = rules.StructuringCount;
        headline["alerts.setting.window_days"] = rules.WindowDays;
        headline["alerts.setting.daily_amount"] = rules.DailyAmountLimit;
        headline["alerts.setting.daily_count"] = rules.DailyCountLimit;
        headline["alerts.setting.z_limit"] = rules.RobustZLimit;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
