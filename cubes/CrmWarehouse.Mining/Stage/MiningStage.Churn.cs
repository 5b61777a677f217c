using CrmWarehouse.Warehouse.DuckDb;
namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// Churn: the monthly table and precursors (SQL), then the churn-risk model. It learns from customers as they were
/// at a cutoff two horizons before the as-of date (did they churn within the next horizon?), is evaluated on the cutoff
/// one horizon before it (AUC, precision among the top 10% scores), and the score written for the as-of date comes
/// from the same model refitted on that later, fully observed cutoff.
/// </summary>
public sealed partial class MiningStage
{
    /// <summary>The columns of m_churn_features after (sample, customer_id, churned), in the order the model sees them.</summary>
    private static readonly string[] ChurnFeatures =
        ["log_tenure", "age", "open_accounts", "closed_180d", "complaints_90d", "satisfaction", "log_txn_90d", "txn_trend", "days_since_txn", "balance_trend"];

    private void Churn(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        sql.Run("churn", cancellationToken);
        sql.Execute($"""
            CREATE OR REPLACE TEMP TABLE m_churn_features (sample VARCHAR, customer_id BIGINT, churned BOOLEAN, {string.Join(", ", ChurnFeatures.Select(f => f + " DOUBLE"))})
            """, cancellationToken);
        var horizon = options.ChurnHorizonDays;
        var testCutoff = sql.AsOf.AddDays(-horizon);
        var trainCutoff = sql.AsOf.AddDays(-2 * horizon);
        foreach (var (sample, cutoff) in new[] { ("train", trainCutoff), ("test", testCutoff), ("score", sql.AsOf) })
        {
            sql.Run("churn_features", cancellationToken, ("sample", sample), ("cutoff", cutoff));
        }

        var train = Sample(sql, "train", cancellationToken);
        var test = Sample(sql, "test", cancellationToken);
        var score = Sample(sql, "score", cancellationToken);
        var evaluated = LogisticModel.Fit(train.Rows, train.Labels, cancellationToken);
        var testScores = Array.ConvertAll(test.Rows, evaluated.Probability);
        var auc = RankingQuality.Auc(testScores, test.Labels);
        var precision = RankingQuality.PrecisionAtTop(testScores, test.Labels, 0.1);
        var baseRate = test.Labels.Length == 0 ? double.NaN : test.Labels.Count(l => l) / (double)test.Labels.Length;

        var model = LogisticModel.Fit(test.Rows, test.Labels, cancellationToken);
        var risk = Array.ConvertAll(score.Rows, model.Probability);
        // Ranked on the risk rounded to 1e-9, so that the last bits of parallel sums in the features cannot reorder near-equal customers.
        var order = Enumerable.Range(0, risk.Length).OrderByDescending(i => Math.Round(risk[i], 9)).ThenBy(i => score.Ids[i]).ToArray();
        using (var appender = WorkTable.Create(sql.Warehouse, "churn", "customer_id BIGINT, risk DOUBLE, band VARCHAR", cancellationToken))
        {
            for (var rank = 0; rank < order.Length; rank++)
            {
                var i = order[rank];
                appender.CreateRow().AppendValue(score.Ids[i]).AppendValue(risk[i]).AppendValue(RiskBand(rank, order.Length)).EndRow();
            }
        }

        var coefficients = "MAP {" + string.Join(", ", ChurnFeatures.Select((f, j) => $"'{f}': {Number(model.Weights[j + 1])}::DOUBLE")) + "}";
        sql.Execute($"""
            INSERT INTO mart.churn_model VALUES ($as_of, $churn_definition, $churn_horizon_days, $train_cutoff, $test_cutoff, $train_rows, $train_churners,
                $test_rows, $test_churners, $auc, $precision, $base_rate, {coefficients})
            """, cancellationToken,
            ("train_cutoff", trainCutoff), ("test_cutoff", testCutoff), ("train_rows", (long)train.Rows.Length), ("train_churners", (long)train.Labels.Count(l => l)),
            ("test_rows", (long)test.Rows.Length), ("test_churners", (long)test.Labels.Count(l => l)),
            ("auc", Finite(auc)), ("precision", Finite(precision)), ("base_rate", Finite(baseRate)));

        using var reader = sql.Warehouse.Reader("""
            SELECT sum(closed) / nullif(sum(opened), 0) FROM mart.churn_month WHERE as_of = $as_of AND month > $as_of - INTERVAL 12 MONTH
            """, cancellationToken, ("as_of", sql.AsOf));
        reader.Read();
        headline["churn.auc"] = auc;
        headline["churn.precision_at_10"] = precision;
        headline["churn.base_rate"] = baseRate;
        headline["churn.loss_to_acquisition"] = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0);
    }

    /// <summary>Bands by rank: the riskiest 10% high, the next 20% medium, the rest low.</summary>
    internal static string RiskBand(int rank, int count) =>
        rank < Math.Ceiling(0.1 * count) ? "high" : rank < Math.Ceiling(0.3 * count) ? "medium" : "low";

    private static (long[] Ids, double[][] Rows, bool[] Labels) Sample(MiningSql sql, string sample, CancellationToken cancellationToken)
    {
        var rows = ReadAll(sql.Warehouse, $"SELECT customer_id, churned, {string.Join(", ", ChurnFeatures)} FROM m_churn_features WHERE sample = $sample ORDER BY customer_id",
            r => (Id: r.GetInt64(0), Churned: r.GetBoolean(1), Features: Enumerable.Range(0, ChurnFeatures.Length).Select(j => r.GetDouble(j + 2)).ToArray()),
            cancellationToken, ("sample", sample));
        return ([.. rows.Select(r => r.Id)], [.. rows.Select(r => r.Features)], [.. rows.Select(r => r.Churned)]);
    }

    private static object? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "NULL";
}
