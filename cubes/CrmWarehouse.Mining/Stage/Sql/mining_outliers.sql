-- The alert rules of Mining/Outliers (docs/mining.md, "Outliers and alerts") over m_outlier_txn(account, day, amount, seq),
-- amounts by absolute value, into m_alert(account, day, rule, reason, score). seq orders amounts within a day.
CREATE OR REPLACE TEMP TABLE m_alert (account VARCHAR, day DATE, rule VARCHAR, reason VARCHAR, score DOUBLE);

-- Structuring: the rolling count of just-under amounts within $window_days days reaches $structuring_count; one alert
-- per episode (when the count first reaches the limit, not again until it has dropped below it).
INSERT INTO m_alert
WITH near AS (
    SELECT account, day, row_number() OVER (PARTITION BY account ORDER BY day, seq, abs(amount)) AS position
    FROM m_outlier_txn
    WHERE abs(amount) >= $reporting_threshold * (1 - $near_band) AND abs(amount) < $reporting_threshold
),
counted AS (
    SELECT account, day, position,
           position - count(*) OVER (PARTITION BY account ORDER BY day RANGE BETWEEN UNBOUNDED PRECEDING AND to_days($window_days) PRECEDING) AS in_window
    FROM near
),
episodes AS (
    SELECT account, day, in_window, lag(in_window, 1, 0) OVER (PARTITION BY account ORDER BY position) AS previous FROM counted
)
SELECT account, day, 'structuring',
       format('{} amounts in [{:,.0f}, {:,.0f}) within {} days', in_window, $reporting_threshold * (1 - $near_band), $reporting_threshold::DOUBLE, $window_days),
       in_window
FROM episodes WHERE in_window >= $structuring_count AND previous < $structuring_count;

CREATE OR REPLACE TEMP TABLE m_outlier_day AS
SELECT account, day, count(*) AS n, sum(abs(amount)) AS total, bool_and(abs(amount) < $reporting_threshold) AS all_under
FROM m_outlier_txn GROUP BY account, day;

INSERT INTO m_alert
SELECT account, day, 'split_deposits', format('{} amounts each under {:,.0f} total {:,.2f} in one day', n, $reporting_threshold::DOUBLE, total), total
FROM m_outlier_day WHERE n >= 2 AND all_under AND total >= $reporting_threshold
UNION ALL
SELECT account, day, 'daily_amount', format('daily total {:,.2f} >= {:,.0f}', total, $daily_amount_limit::DOUBLE), total
FROM m_outlier_day WHERE total >= $daily_amount_limit
UNION ALL
SELECT account, day, 'velocity', format('{} transactions in one day >= {}', n, $daily_count_limit), n
FROM m_outlier_day WHERE n >= $daily_count_limit;

-- Robust z of log(1 + day total) against the account's own active days (at least $min_days_for_robust_z of them):
-- 0.6745 (x − median) / MAD, or (x − median) / (1.253314 · mean absolute deviation) when MAD is 0.
INSERT INTO m_alert
WITH logged AS (
    SELECT account, day, total, ln(1 + total) AS x FROM m_outlier_day
    WHERE account IN (SELECT account FROM m_outlier_day GROUP BY account HAVING count(*) >= $min_days_for_robust_z)
),
centre AS (SELECT account, median(x) AS med, count(*) AS days FROM logged GROUP BY account),
spread AS (
    SELECT l.account, median(abs(l.x - c.med)) AS mad, avg(abs(l.x - c.med)) AS mean_dev
    FROM logged l JOIN centre c USING (account) GROUP BY l.account
),
scored AS (
    SELECT l.account, l.day, l.total, c.days,
           CASE WHEN s.mad > 0 THEN 0.6745 * (l.x - c.med) / s.mad
                WHEN s.mean_dev > 0 THEN (l.x - c.med) / (1.253314 * s.mean_dev) ELSE 0 END AS z
    FROM logged l JOIN centre c USING (account) JOIN spread s USING (account)
)
SELECT account, day, 'robust_z',
       format('daily total {:,.2f} has robust z {:.1f} (log scale) against the account''s {} active days', total, z, days), z
FROM scored WHERE z > $robust_z_limit;
