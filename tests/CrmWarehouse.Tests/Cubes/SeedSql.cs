namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// Test rows. Customer 1 was 普通 (key 1) until 2025-07-01 and is 金卡 (key 2) since; facts before that date point
/// to key 1, later ones to key 2, as the ETL's SCD2 lookup would. Facts are generated set-based from range().
/// </summary>
internal static class SeedSql
{
    /// <summary>The batch the seed stands for: the warehouse is as of 2026-03-15 (relative filters count from it).</summary>
    public const string PublishedBatch = """
        INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of)
        VALUES (2, 'full', 'published', TIMESTAMPTZ '2026-03-16 02:00:00+08', TIMESTAMPTZ '2026-03-16 02:01:00+08', 'schedule', DATE '2026-03-15')
        """;

    public const string Dimensions = """
        INSERT INTO dw.dim_customer (customer_key, customer_id, name, gender, age_band, education, city, province, segment, tier, valid_from, valid_to, is_current, batch_id) VALUES
            (1, 1, '张三', 'M', '30-39', '本科', '杭州', '浙江', 'retail', '普通', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMPTZ '2025-07-01 00:00:00+00', false, 1),
            (2, 1, '张三', 'M', '30-39', '本科', '杭州', '浙江', 'retail', '金卡', TIMESTAMPTZ '2025-07-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 2),
            (3, 2, '李四', 'F', '40-49', '硕士', '南京', '江苏', 'sme', '普通', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 1),
            (4, 3, '王五', 'F', '20-29', '大专', '杭州', '浙江', 'retail', '白金', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 1),
            (5, 4, '赵六', 'M', '50-59', '本科', '苏州', '江苏', 'corporate', '私行', TIMESTAMPTZ '2020-01-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 1);
        INSERT INTO dw.dim_product (product_key, code, name, category, customer_rate, ftp_rate, batch_id) VALUES
            (1, 'DEP01', '活期存款', 'deposit', 0.0035, 0.0200, 1),
            (2, 'DEP02', '定期存款', 'deposit', 0.0150, 0.0250, 1),
            (3, 'LN01', '个人消费贷', 'loan', 0.0450, 0.0300, 1),
            (4, 'CARD01', '信用卡', 'card', 0.1800, 0.0300, 1);
        INSERT INTO dw.dim_channel (channel_key, code, name, type, cost_per_txn, batch_id) VALUES
            (1, 'CTR', '柜面', 'counter', 5.0000, 1), (2, 'MOB', '手机银行', 'mobile', 0.2000, 1), (3, 'ATM', 'ATM', 'atm', 1.0000, 1);
        INSERT INTO dw.dim_branch (branch_key, code, name, region, city, province, area_type, batch_id) VALUES
            (1, 'HZ01', '杭州西湖支行', '西湖片区', '杭州', '浙江', 'urban', 1),
            (2, 'HZ02', '杭州萧山支行', '萧山片区', '杭州', '浙江', 'rural', 1),
            (3, 'NJ01', '南京鼓楼支行', '鼓楼片区', '南京', '江苏', 'urban', 1);
        """;

    // The customer key follows the SCD2 version valid at the fact's date: customer 1 is key 1 before July 2025, key 2 after.
    private const string Facts0 = """
        CREATE TEMP TABLE seed AS
        SELECT i,
               (DATE '2025-01-01' + INTERVAL ((i * 7) % 440) DAY)::DATE AS day,
               [1, 1, 2, 3, 4][1 + i % 5] AS customer_id,
               1 + (i * 3) % 4 AS product_key,
               1 + (i * 5) % 3 AS channel_key,
               1 + (i * 11) % 3 AS branch_key
        FROM range(0, 1200) r(i);
        """;

    public const string Facts = Facts0 + """
        INSERT INTO dw.fact_transaction
        SELECT 'src:' || i, strftime(day, '%Y%m%d')::INTEGER,
               CASE customer_id WHEN 1 THEN (CASE WHEN day < DATE '2025-07-01' THEN 1 ELSE 2 END) ELSE customer_id + 1 END,
               customer_id, product_key, channel_key, branch_key, 100 + i % 7, day::TIMESTAMP,
               (10 + (i * 37) % 990 + 0.25)::DECIMAL(18,2), ((i % 4) * 0.5)::DECIMAL(18,2), CASE WHEN i % 3 = 0 THEN 'in' ELSE 'out' END, 'transfer', 1
        FROM seed;
        INSERT INTO dw.fact_balance_month
        SELECT strftime(last_day(day), '%Y%m%d')::INTEGER, 100 + i % 7 AS account, any_value(CASE customer_id WHEN 1 THEN 2 ELSE customer_id + 1 END),
               any_value(customer_id), any_value(product_key), any_value(branch_key),
               sum((i * 13) % 5000)::DECIMAL(18,2), avg((i * 17) % 4000)::DECIMAL(18,2), sum(i % 9)::DECIMAL(18,2), 1
        FROM seed GROUP BY 1, 2;
        INSERT INTO dw.fact_account_event
        SELECT 'ev:' || i, strftime(day, '%Y%m%d')::INTEGER, 100 + i % 7,
               CASE customer_id WHEN 1 THEN (CASE WHEN day < DATE '2025-07-01' THEN 1 ELSE 2 END) ELSE customer_id + 1 END,
               customer_id, product_key, branch_key,
               ['opened', 'opened', 'closed', 'dormant', 'reactivated', 'opened', 'closed'][1 + i % 7],
               CASE WHEN i % 7 IN (2, 6) THEN ['natural', 'competitive', 'service'][1 + i % 3] END, NULL, 1
        FROM seed WHERE i % 2 = 0;
        INSERT INTO dw.fact_interaction
        SELECT 'in:' || i, strftime(day, '%Y%m%d')::INTEGER,
               CASE customer_id WHEN 1 THEN (CASE WHEN day < DATE '2025-07-01' THEN 1 ELSE 2 END) ELSE customer_id + 1 END,
               customer_id, channel_key, branch_key,
               ['contact', 'campaign', 'response', 'complaint', 'survey', 'campaign'][1 + i % 6], 'spring', product_key,
               NULL, CASE WHEN i % 6 = 4 THEN 1 + i % 5 END, 1
        FROM seed WHERE i % 3 = 0;
        DROP TABLE seed;
        """;
}
