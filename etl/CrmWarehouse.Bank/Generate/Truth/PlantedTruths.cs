using System.Globalization;
using System.Text.Json;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Bank.Generate;

/// <summary>One planted truth of the generated bank, what the marts found, and whether that counts as found.</summary>
public sealed record TruthCheck(string Truth, string Expected, string Found, bool Passed);

/// <summary>
/// Compares the marts of one as-of date with the generator's ground truth (Generate/README.md): the Pareto share,
/// the planted cross-sell rules, the wealth-uptake rule, churn precursors and loss-to-acquisition, and the structuring
/// accounts. Reads the ground-truth files inside DuckDB; prints counts and rates only, never an account number.
/// </summary>
public static class PlantedTruths
{
    public static IReadOnlyList<TruthCheck> Check(DuckDBConnection warehouse, string truthDirectory, DateOnly asOf, CancellationToken cancellationToken)
    {
        string File(string name)
        {
            var path = Path.Combine(truthDirectory, name);
            return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"Ground truth file {path} is missing; --truth names the ground_truth folder of a generated bank.", path);
        }

        using var summary = JsonDocument.Parse(System.IO.File.ReadAllText(File("summary.json")));
        var checks = new List<TruthCheck>();
        double Figure(string sql, params (string, object?)[] parameters)
        {
            using var reader = warehouse.Reader(sql, cancellationToken, [("as_of", asOf), .. parameters]);
            return reader.Read() && !reader.IsDBNull(0) ? Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture) : double.NaN;
        }

        // Pareto: the generator's profit is margins + fees − account cost over the whole history; the mart's comparable figure.
        var truthShare = summary.RootElement.GetProperty("top_20pct_profit_share").GetDouble();
        var share = Figure("SELECT headline['top20_margin_share_history'] FROM mart.mining_run WHERE as_of = $as_of AND status = 'published' ORDER BY run_id DESC LIMIT 1");
        var fullShare = Figure("SELECT profit_share FROM mart.pareto_curve WHERE as_of = $as_of AND customer_share = 0.2");
        checks.Add(new TruthCheck("Pareto: top 20% of customers earn ~80% of profit", $"{truthShare:F3} (±0.05)",
            $"{share:F3} on the generator's definition; {fullShare:F3} with servicing cost and expected loss", Math.Abs(share - truthShare) <= 0.05));

        // Cross-sell rules: the antecedent and consequent codes of rules.csv mapped to product lines.
        warehouse.Execute($"CREATE OR REPLACE TEMP TABLE truth_rules AS SELECT * FROM read_csv('{Sql(File("rules.csv"))}', all_varchar = true)", cancellationToken);
        foreach (var (name, antecedent, consequent, confidence) in ReadRules(warehouse, cancellationToken).Where(r => !r.Name.StartsWith("high_balance", StringComparison.Ordinal)))
        {
            var from = Line(warehouse, antecedent, cancellationToken);
            var to = Line(warehouse, consequent, cancellationToken);
            var found = Figure("SELECT max(confidence) FROM mart.association_rules WHERE as_of = $as_of AND antecedent = [$from] AND consequent = $to", ("from", from), ("to", to));
            checks.Add(new TruthCheck($"Cross-sell {name} ({from} ⇒ {to})", $"confidence {confidence:F3} (±0.10)",
                double.IsNaN(found) ? "no such rule" : $"confidence {found:F3}", !double.IsNaN(found) && Math.Abs(found - confidence) <= 0.10));
        }

        // Wealth uptake: the tree (on holders and as many non-holders) should predict uptake from the balance and from age or a degree.
        const string UptakeRules = """
            FROM mart.tree_rules WHERE as_of = $as_of AND prediction = 'yes'
              AND conditions LIKE '%deposit_balance%' AND (conditions LIKE '%age =%' OR conditions LIKE '%education%')
            """;
        var mentions = Figure("SELECT count(*) " + UptakeRules);
        var accuracy = Figure("SELECT sum(correct) / sum(rows) " + UptakeRules);
        var wealthRule = ReadRules(warehouse, cancellationToken).FirstOrDefault(r => r.Name.StartsWith("high_balance", StringComparison.Ordinal));
        checks.Add(new TruthCheck("Wealth uptake: high balance and (age > 55 or a degree)", $"uptake rules on balance and age/degree (planted confidence {wealthRule.Confidence:F2})",
            $"{mentions} such rules, accuracy {accuracy:F3} on the balanced sample", mentions > 0 && accuracy >= 0.6));

        // Churn precursors: complaints before service-failure closures; the bank losing more accounts than it opens.
        var complaint = Figure("SELECT churner_rate FROM mart.churn_precursor WHERE as_of = $as_of AND precursor = 'complaint_in_90_days_before_service_churn'");
        var lift = Figure("SELECT lift FROM mart.churn_precursor WHERE as_of = $as_of AND precursor = 'complaint_in_90_days_before_service_churn'");
        checks.Add(new TruthCheck("Churn precursor: a complaint before a service-failure churn", "most service churners complained (rate ≥ 0.8, lift ≥ 5)",
            $"rate {complaint:F3}, lift {lift:F1}", complaint >= 0.8 && lift >= 5));
        var truthRatio = summary.RootElement.GetProperty("last_year_loss_to_acquisition").GetDouble();
        var ratio = Figure("SELECT sum(closed) / sum(opened) FROM mart.churn_month WHERE as_of = $as_of AND month > $as_of - INTERVAL 12 MONTH");
        checks.Add(new TruthCheck("Loss-to-acquisition over the last 12 months", $"{truthRatio:F2} (±0.10)", $"{ratio:F3}", Math.Abs(ratio - truthRatio) <= 0.10));

        // Structuring accounts.
        warehouse.Execute($"""
            CREATE OR REPLACE TEMP TABLE truth_structuring AS
            SELECT d.account_key FROM read_csv('{Sql(File("anomalies.csv"))}', all_varchar = true) t
            JOIN dw.dim_account d ON d.account_number = t.account_no WHERE t.kind = 'structuring'
            """, cancellationToken);
        var planted = Figure("SELECT count(*) FROM truth_structuring");
        var alerted = Figure("SELECT count(DISTINCT account_key) FROM mart.alerts WHERE as_of = $as_of AND rule = 'structuring'");
        var hits = Figure("SELECT count(*) FROM truth_structuring WHERE account_key IN (SELECT account_key FROM mart.alerts WHERE as_of = $as_of AND rule = 'structuring')");
        var (structuringRecall, structuringPrecision) = (hits / planted, hits / alerted);
        checks.Add(new TruthCheck("Structuring accounts (cash just under 50,000 CNY)", "recall ≥ 0.9, precision ≥ 0.5",
            $"{hits} of {planted} planted found among {alerted} alerted: recall {structuringRecall:F3}, precision {structuringPrecision:F3}",
            structuringRecall >= 0.9 && structuringPrecision >= 0.5));
        return checks;
    }

    private static List<(string Name, string Antecedent, string Consequent, double Confidence)> ReadRules(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader("SELECT rule, antecedent, consequent, confidence::DOUBLE FROM truth_rules", cancellationToken);
        var rules = new List<(string, string, string, double)>();
        while (reader.Read())
        {
            rules.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        }

        return rules;
    }

    /// <summary>The product line (the rules' item) of product codes written as in rules.csv: "S001", "L003|L004", "C*".</summary>
    private static string Line(DuckDBConnection warehouse, string codes, CancellationToken cancellationToken)
    {
        var patterns = codes.Split('|').Select(c => c.Replace('*', '%')).ToArray();
        using var reader = warehouse.Reader($"""
            SELECT DISTINCT CASE WHEN category IN ('deposit', 'loan', 'service') THEN coalesce(subcategory, category) ELSE category END
            FROM dw.dim_product WHERE {string.Join(" OR ", patterns.Select((_, i) => $"code LIKE $p{i}"))}
            """, cancellationToken, [.. patterns.Select((p, i) => ($"p{i}", (object?)p))]);
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return lines.Count == 1 ? lines[0] : throw new InvalidOperationException($"Products '{codes}' of rules.csv map to {lines.Count} product lines ({string.Join(", ", lines)}), not one.");
    }

    private static string Sql(string path) => path.Replace("'", "''", StringComparison.Ordinal);
}
