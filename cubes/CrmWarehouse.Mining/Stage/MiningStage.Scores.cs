using CrmWarehouse.Mining.Clv;
using CrmWarehouse.Mining.Rfm;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Mining.Stage;

/// <summary>The per-customer scores: profitability, RFM, CLV and the churn-risk model.</summary>
public sealed partial class MiningStage
{
    private void Profitability(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        sql.Run("profitability", cancellationToken);
        using var reader = sql.Warehouse.Reader("""
            SELECT (SELECT profit_share FROM mart.pareto_curve WHERE as_of = $as_of AND customer_share = 0.2),
                   (SELECT sum(profit) FROM m_profit), (SELECT count(*) FILTER (profit < 0) / count(*) FROM m_profit),
                   (SELECT median(median_months) FROM mart.break_even WHERE as_of = $as_of AND cohort_month > $as_of - INTERVAL 12 MONTH),
                   -- the generator's own definition (margins + fees − account cost, whole history), to compare with its ground truth
                   (WITH p AS (SELECT customer_id, sum(revenue - cost + servicing_cost + expected_loss) AS margin FROM mart.work_profit_month GROUP BY ALL),
                         r AS (SELECT margin, row_number() OVER (ORDER BY margin DESC) AS rank, count(*) OVER () AS n FROM p)
                    SELECT sum(margin) FILTER (rank <= ceil(0.2 * n)) / sum(margin) FROM r)
            """, cancellationToken, ("as_of", sql.AsOf));
        reader.Read();
        headline["top20_profit_share"] = reader.GetDouble(0);
        headline["total_profit"] = reader.GetDouble(1);
        headline["loss_making_share"] = reader.GetDouble(2);
        headline["break_even_months"] = reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3);
        headline["top20_margin_share_history"] = reader.GetDouble(4);
    }

    private static void Rfm(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        var (ids, recency, frequency, monetary) = (new List<long>(), new List<int>(), new List<int>(), new List<double>());
        using (var reader = sql.Warehouse.Reader("SELECT customer_id, recency_days::INTEGER, frequency::INTEGER, monetary::DOUBLE FROM m_rfm_input", cancellationToken))
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
                recency.Add(reader.GetInt32(1));
                frequency.Add(reader.GetInt32(2));
                monetary.Add(reader.GetDouble(3));
            }
        }

        var names = ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var scores = RfmScore.FromSummaries(names, [.. recency], [.. frequency], [.. monetary]);
        using (var appender = WorkTable.Create(sql.Warehouse, "rfm", "customer_id BIGINT, r TINYINT, f TINYINT, m TINYINT, segment VARCHAR", cancellationToken))
        {
            for (var i = 0; i < scores.Count; i++)
            {
                var s = scores[i];
                appender.CreateRow().AppendValue(ids[i]).AppendValue((sbyte)s.R).AppendValue((sbyte)s.F).AppendValue((sbyte)s.M).AppendValue(s.Segment.Name()).EndRow();
            }
        }

        foreach (var segment in Enum.GetValues<RfmSegment>())
        {
            headline["rfm." + Slug(segment.Name())] = scores.Count(s => s.Segment == segment);
        }
    }

    private void Clv(MiningSql sql, Dictionary<string, double> headline, CancellationToken cancellationToken)
    {
        var customers = new List<CustomerHistory>();
        using (var reader = sql.Warehouse.Reader("""
            WITH days AS (SELECT customer_id, day, sum(amount) AS value FROM mart.work_txn WHERE day > $as_of - to_days($days) GROUP BY ALL)
            SELECT customer_id, (count(*) - 1)::INTEGER, date_diff('day', min(day), max(day)) / 7.0, date_diff('day', min(day), $as_of) / 7.0,
                   CASE WHEN count(*) > 1 THEN (sum(value) - arg_min(value, day)) / (count(*) - 1) ELSE 0 END
            FROM days GROUP BY customer_id ORDER BY customer_id
            """, cancellationToken, ("as_of", sql.AsOf), ("days", options.ClvHistoryDays)))
        {
            while (reader.Read())
            {
                customers.Add(new CustomerHistory(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
            }
        }

        var sample = Sample(customers, options.ClvFitSample, options.Seed);
        var (purchases, ll) = BgNbdModel.Fit(sample, cancellationToken);
        var (spend, _) = GammaGammaModel.Fit(sample, cancellationToken);
        var lifetime = new LifetimeValue(purchases, spend, options.ClvHorizonMonths, options.ClvMonthlyDiscountRate);
        var horizonWeeks = options.ClvHorizonMonths * LifetimeValue.WeeksPerMonth;
        using (var appender = WorkTable.Create(sql.Warehouse, "clv", "customer_id BIGINT, p_alive DOUBLE, expected_transactions DOUBLE, expected_volume DOUBLE", cancellationToken))
        {
            foreach (var c in customers)
            {
                appender.CreateRow().AppendValue(long.Parse(c.Customer, System.Globalization.CultureInfo.InvariantCulture))
                    .AppendValue(purchases.ProbabilityAlive(c.Frequency, c.Recency, c.Age))
                    .AppendValue(purchases.ExpectedPurchases(horizonWeeks, c.Frequency, c.Recency, c.Age))
                    .AppendValue(c.Frequency > 0 ? lifetime.For(c) : 0.0).EndRow();
            }
        }

        (headline["clv.r"], headline["clv.alpha"], headline["clv.a"], headline["clv.b"], headline["clv.ll"]) = (purchases.R, purchases.Alpha, purchases.A, purchases.B, ll);
        (headline["clv.p"], headline["clv.q"], headline["clv.v"]) = (spend.P, spend.Q, spend.V);
    }

    /// <summary>A seeded random sample of at most <paramref name="size"/> items (all of them when there are fewer), in their original order.</summary>
    internal static List<T> Sample<T>(IReadOnlyList<T> items, int size, int seed)
    {
        if (items.Count <= size)
        {
            return [.. items];
        }

        var indexes = Enumerable.Range(0, items.Count).ToArray();
        new Random(seed).Shuffle(indexes);
        return [.. indexes.Take(size).Order().Select(i => items[i])];
    }

    internal static string Slug(string name) =>
        new([.. name.ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal).Select(c => char.IsLetterOrDigit(c) ? c : '_')]);

    private static List<T> ReadAll<T>(DuckDBConnection warehouse, string sql, Func<DuckDBDataReader, T> row, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var reader = warehouse.Reader(sql, cancellationToken, parameters);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
