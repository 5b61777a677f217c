using System.Text.Json;
using CrmWarehouse.Cubes.Query;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>Each subject area's numbers, read from the facts, against SQL written by hand.</summary>
public sealed class SubjectAreaTests
{
    private CubeWarehouse _warehouse = null!;

    [OneTimeSetUp]
    public void CreateWarehouse() => _warehouse = new CubeWarehouse();

    [OneTimeTearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    [Test]
    public void Customer_profile_counts_current_customers_by_segment_and_tier()
    {
        var rows = Facts("customer_profile", new CubeQuery { Measures = ["customers", "share_of_customers"], By = ["customer.segment", "customer.tier"] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT segment, tier, count(*), count(*) / sum(count(*)) OVER ()
            FROM dw.dim_customer WHERE is_current AND customer_key <> 0 GROUP BY segment, tier ORDER BY list_position(['retail', 'sme', 'corporate'], segment), list_position(['普通', '金卡', '白金', '私行'], tier)
            """)));
        Assert.That(rows, Has.Count.EqualTo(4));
    }

    [Test]
    public void Transactions_sum_amount_fee_cost_and_share_by_month_and_channel_type()
    {
        var rows = Facts("transactions", new CubeQuery
        {
            Measures = ["amount", "transactions", "fee", "servicing_cost", "net_fee_income", "average_amount", "customers", "fee_rate", "share_of_amount"],
            By = ["date.month", "channel.type"],
            Where = [new CubeFilter { Level = "date.year", Value = Json(2025) }],
        });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT f.date_key // 100, ch.type, sum(f.amount), count(*), sum(f.fee), sum(coalesce(ch.cost_per_txn, 0)),
                   sum(f.fee - coalesce(ch.cost_per_txn, 0)), CAST(sum(f.amount) AS DOUBLE) / count(f.amount), count(DISTINCT f.customer_id),
                   CAST(sum(f.fee) AS DOUBLE) / CAST(sum(f.amount) AS DOUBLE),
                   CAST(sum(f.amount) AS DOUBLE) / CAST(sum(sum(f.amount)) OVER () AS DOUBLE)
            FROM dw.fact_transaction f JOIN dw.dim_date d USING (date_key) JOIN dw.dim_channel ch USING (channel_key)
            WHERE d.year = 2025 GROUP BY 1, 2 ORDER BY 1, list_position(['counter', 'atm', 'mobile'], ch.type)
            """)));
        Assert.That(rows, Has.Count.EqualTo(36), "12 months × 3 channel types");
    }

    [Test]
    public void Balances_give_net_interest_margin_against_ftp_by_product_category()
    {
        // Balance and accounts are held, not flows: each category's last month-end; margins add up over the months; the
        // annualised margin and the average daily balance are averages of the months, so their ratio is that of the sums.
        var rows = Facts("balances", new CubeQuery { Measures = ["balance", "ftp_margin", "net_interest_margin", "accounts"], By = ["product.category"] });
        AssertClose(rows, _warehouse.Rows("""
            WITH m AS (
                SELECT p.category, f.month_key, sum(f.balance) AS balance, count(*) AS accounts,
                       sum(f.avg_daily_balance * CASE WHEN p.category = 'loan' THEN p.customer_rate - p.ftp_rate ELSE p.ftp_rate - p.customer_rate END / 12) AS margin,
                       sum(f.avg_daily_balance * CASE WHEN p.category = 'loan' THEN p.customer_rate - p.ftp_rate ELSE p.ftp_rate - p.customer_rate END) AS annual,
                       sum(f.avg_daily_balance) AS adb
                FROM dw.fact_balance_month f JOIN dw.dim_product p USING (product_key) GROUP BY ALL)
            SELECT category, arg_max(balance, month_key), sum(margin), CAST(avg(annual) AS DOUBLE) / CAST(avg(adb) AS DOUBLE), arg_max(accounts, month_key)
            FROM m GROUP BY category ORDER BY list_position(['deposit', 'loan', 'card'], category)
            """));
    }

    [Test]
    public void Churn_counts_opened_closed_net_and_loss_to_acquisition_per_month()
    {
        var rows = Facts("churn", new CubeQuery { Measures = ["opened", "closed", "net_change", "loss_to_acquisition"], By = ["date.month"] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT date_key // 100, count(*) FILTER (event_type = 'opened'), count(*) FILTER (event_type = 'closed'),
                   count(*) FILTER (event_type = 'opened') - count(*) FILTER (event_type = 'closed'),
                   CAST(count(*) FILTER (event_type = 'closed') AS DOUBLE) / NULLIF(count(*) FILTER (event_type = 'opened'), 0)
            FROM dw.fact_account_event GROUP BY ALL ORDER BY 1
            """)));
    }

    [Test]
    public void Churn_splits_closures_by_reason_category()
    {
        var rows = Facts("churn", new CubeQuery { Measures = ["closed"], By = ["reason.category"], Where = [new CubeFilter { Level = "reason.category", Op = "in", Values = [Json("natural"), Json("competitive"), Json("service")] }] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT reason_category, count(*) FROM dw.fact_account_event WHERE event_type = 'closed' GROUP BY 1 ORDER BY list_position(['natural', 'competitive', 'service'], reason_category)
            """)));
    }

    [Test]
    public void Interactions_count_responses_complaints_and_satisfaction_by_channel_and_segment()
    {
        var rows = Facts("interactions", new CubeQuery { Measures = ["complaints", "response_rate", "satisfaction", "surveys"], By = ["channel.type", "customer.segment"] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT ch.type, c.segment, count(*) FILTER (kind = 'complaint'),
                   CAST(count(*) FILTER (kind = 'response') AS DOUBLE) / NULLIF(CAST(count(*) FILTER (kind = 'campaign') AS DOUBLE), 0),
                   CAST(sum(satisfaction) AS DOUBLE) / NULLIF(count(satisfaction), 0), count(satisfaction)
            FROM dw.fact_interaction f JOIN dw.dim_channel ch USING (channel_key) JOIN dw.dim_customer c USING (customer_key)
            GROUP BY 1, 2 ORDER BY list_position(['counter', 'atm', 'mobile'], ch.type), list_position(['retail', 'sme', 'corporate'], c.segment)
            """)));
    }

    [Test]
    public void Closures_without_a_reason_are_other_as_in_the_churn_mart_and_other_events_not_closures()
    {
        var rows = Facts("churn", new CubeQuery { Measures = ["closed", "opened"], By = ["reason.category"] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            SELECT CASE WHEN event_type = 'closed' THEN coalesce(reason_category, 'other') ELSE 'not_closed' END AS r,
                   count(*) FILTER (event_type = 'closed'), count(*) FILTER (event_type = 'opened')
            FROM dw.fact_account_event GROUP BY 1 ORDER BY list_position(['natural', 'competitive', 'service', 'other', 'not_closed'], r)
            """)));
    }

    [Test]
    public void Visit_frequency_bands_customers_by_their_contacts_in_the_year_by_gender()
    {
        var rows = Facts("interactions", new CubeQuery
        {
            Measures = ["customers"], By = ["customer.gender", "visit_frequency.band"],
            Where = [new CubeFilter { Level = "date.year", Value = Json(2025) }, new CubeFilter { Level = "interaction.kind", Value = Json("contact") }],
        });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("""
            WITH v AS (SELECT f.customer_id, c.gender, count(*) AS visits
                       FROM dw.fact_interaction f JOIN dw.dim_customer c USING (customer_key)
                       WHERE f.kind = 'contact' AND f.date_key // 10000 = 2025 GROUP BY 1, 2)
            SELECT gender, CASE WHEN visits <= 2 THEN '1-2' WHEN visits <= 5 THEN '3-5' ELSE '6+' END AS band, count(DISTINCT customer_id)
            FROM v GROUP BY 1, 2 ORDER BY list_position(['M', 'F'], gender), list_position(['1-2', '3-5', '6+'], band)
            """)));
        Assert.That(rows, Is.Not.Empty);
    }

    [Test]
    public void Per_customer_and_share_measures_divide_by_distinct_customers_and_the_total()
    {
        var rows = Facts("transactions", new CubeQuery { Measures = ["amount_per_customer"], By = ["channel.type"] });
        AssertClose(rows, _warehouse.Rows("""
            SELECT ch.type, CAST(sum(f.amount) AS DOUBLE) / count(DISTINCT f.customer_id)
            FROM dw.fact_transaction f JOIN dw.dim_channel ch USING (channel_key) GROUP BY 1 ORDER BY list_position(['counter', 'atm', 'mobile'], ch.type)
            """));
        var shares = Facts("balances", new CubeQuery { Measures = ["share_of_balance"], By = ["product.category"], Where = [new CubeFilter { Level = "date.month", Value = Json(202603) }] });
        Assert.That(shares.Sum(r => double.Parse(r.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void Last_twelve_months_counts_from_the_published_as_of_date()
    {
        var rows = Facts("transactions", new CubeQuery { Measures = ["transactions"], Where = [new CubeFilter { Op = "last", Count = 12, Unit = "months" }] });
        Assert.That(rows, Is.EqualTo(_warehouse.Rows("SELECT count(*) FROM dw.fact_transaction WHERE date_key BETWEEN 20250401 AND 20260331")));
    }

    internal static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    /// <summary>Rows equal, but for doubles added up in another order (equal to 12 significant digits).</summary>
    internal static void AssertClose(List<string> actual, List<string> expected)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Count), string.Join("\n", actual));
        foreach (var (a, e) in actual.Zip(expected))
        {
            var (x, y) = (a.Split('|'), e.Split('|'));
            Assert.That(x, Has.Length.EqualTo(y.Length), a);
            for (var i = 0; i < x.Length; i++)
            {
                if (double.TryParse(x[i], System.Globalization.CultureInfo.InvariantCulture, out var u) && double.TryParse(y[i], System.Globalization.CultureInfo.InvariantCulture, out var v))
                {
                    Assert.That(u, Is.EqualTo(v).Within(Math.Abs(v) * 1e-12 + 1e-12), $"{a} against {e}");
                }
                else
                {
                    Assert.That(x[i], Is.EqualTo(y[i]), $"{a} against {e}");
                }
            }
        }
    }

    private List<string> Facts(string cube, CubeQuery query)
    {
        var compiled = _warehouse.Compile(cube, query with { UseRollups = false });
        Assert.That(compiled.Rollup, Is.Null);
        return _warehouse.Rows(compiled);
    }
}
