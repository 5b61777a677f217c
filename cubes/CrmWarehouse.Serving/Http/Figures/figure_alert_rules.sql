-- Each outlier rule with the threshold it ran with (kept in the run's headline), its alerts (none is 0) and the share
-- of the accounts with transactions up to the as-of date that it alerted: the table `crmw mine outliers` prints.
WITH run AS (
    SELECT headline FROM mining_run WHERE as_of = $as_of AND status = 'published' ORDER BY run_id DESC LIMIT 1
), s AS (
    SELECT headline['alerts.setting.reporting_threshold'] AS threshold, headline['alerts.setting.near_band'] AS near_band,
           headline['alerts.setting.structuring_count'] AS structuring_count, headline['alerts.setting.window_days'] AS window_days,
           headline['alerts.setting.daily_amount'] AS daily_amount, headline['alerts.setting.daily_count'] AS daily_count,
           headline['alerts.setting.z_limit'] AS z_limit
    FROM run
), rules AS (
    SELECT * FROM (VALUES
        (1, 'structuring', (SELECT format('{} amounts in [{:,.0f}, {:,.0f}) CNY within {} days', structuring_count::INTEGER, threshold * (1 - near_band), threshold, window_days::INTEGER) FROM s)),
        (2, 'split_deposits', (SELECT format('amounts each under {:,.0f} CNY adding up to it in a day', threshold) FROM s)),
        (3, 'daily_amount', (SELECT format('daily total >= {:,.0f} CNY', daily_amount) FROM s)),
        (4, 'velocity', (SELECT format('>= {} transactions in a day', daily_count::INTEGER) FROM s)),
        (5, 'robust_z', (SELECT format('robust z > {}', z_limit) FROM s))) AS r(n, rule, threshold)
)
SELECT r.rule, r.threshold, count(a.account_key) AS alerts, count(DISTINCT a.account_key) AS accounts,
       count(DISTINCT a.account_key) / nullif((SELECT count(DISTINCT account_key) FROM fact_transaction
                                              WHERE account_key > 0 AND customer_id > 0 AND date_key <= strftime($as_of, '%Y%m%d')::INTEGER), 0) AS share_of_accounts
FROM rules AS r
LEFT JOIN alerts AS a ON a.rule = r.rule AND a.as_of = $as_of
GROUP BY r.n, r.rule, r.threshold
ORDER BY r.n
