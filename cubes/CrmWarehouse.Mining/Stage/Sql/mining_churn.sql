-- Churn (docs/mining.md, "Churn"). m_churn_event: when each churned customer churned, and why, under the configured
-- definition: 'closed' = the customer's last open account was closed (reason: that account's close reason);
-- 'dormant' = no transaction for $dormant_days days and the balance fell by more than $dormant_balance_drop since the last one.
CREATE OR REPLACE TEMP TABLE m_balance_customer AS
SELECT customer_id, month, round(sum(balance), 2) AS balance FROM mart.work_balance WHERE category = 'deposit' GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE m_churn_event AS
WITH closed AS (
    SELECT customer_id, max(close_date) AS churn_date, arg_max(coalesce(close_reason, 'other'), close_date) AS reason
    FROM m_account GROUP BY customer_id HAVING count(*) = count(close_date)
),
last_activity AS (
    SELECT customer_id, max(day) AS last_day FROM mart.work_txn GROUP BY customer_id
),
dormant AS (
    SELECT l.customer_id, l.last_day + to_days($dormant_days) AS churn_date, 'dormant' AS reason
    FROM last_activity l
    LEFT JOIN m_balance_customer before ON before.customer_id = l.customer_id AND before.month = date_trunc('month', l.last_day)
    LEFT JOIN m_balance_customer after ON after.customer_id = l.customer_id
         AND after.month = date_trunc('month', l.last_day + to_days($dormant_days))
    WHERE l.last_day + to_days($dormant_days) <= $as_of
      AND coalesce(after.balance, 0) < (1 - $dormant_balance_drop) * coalesce(before.balance, 0)
)
SELECT * FROM closed WHERE $churn_definition = 'closed'
UNION ALL SELECT * FROM dormant WHERE $churn_definition = 'dormant';

INSERT INTO mart.churn_month
WITH months AS (
    SELECT range::DATE AS month FROM range((SELECT date_trunc('month', min(day)) FROM mart.work_txn), date_trunc('month', $as_of) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
),
opened AS (SELECT date_trunc('month', open_date)::DATE AS month, count(*) AS n FROM m_account GROUP BY 1),
closed AS (
    SELECT date_trunc('month', close_date)::DATE AS month, count(*) AS n,
           count(*) FILTER (close_reason = 'natural') AS natural, count(*) FILTER (close_reason = 'competitive') AS competitive,
           count(*) FILTER (close_reason = 'service') AS service
    FROM m_account WHERE close_date IS NOT NULL GROUP BY 1
),
churned AS (SELECT date_trunc('month', churn_date)::DATE AS month, count(*) AS n FROM m_churn_event GROUP BY 1)
SELECT $as_of, m.month, coalesce(o.n, 0), coalesce(c.n, 0), coalesce(o.n, 0) - coalesce(c.n, 0),
       c.n / nullif(o.n, 0), coalesce(c.natural, 0), coalesce(c.competitive, 0), coalesce(c.service, 0),
       coalesce(c.n - c.natural - c.competitive - c.service, 0), coalesce(h.n, 0)
FROM months m LEFT JOIN opened o USING (month) LEFT JOIN closed c USING (month) LEFT JOIN churned h USING (month);

-- Precursors: what churners of the last 12 months showed in the 90 days before churning, against the customers who
-- stayed in the 90 days before the as-of date.
INSERT INTO mart.churn_precursor
WITH population AS (
    SELECT c.customer_id, e.churn_date IS NOT NULL AS churned, e.reason, coalesce(e.churn_date, $as_of) AS reference
    FROM m_customer c LEFT JOIN m_churn_event e USING (customer_id)
    WHERE e.churn_date IS NULL OR e.churn_date > $as_of - INTERVAL 12 MONTH
),
complaints AS (
    SELECT DISTINCT p.customer_id
    FROM population p JOIN dw.fact_interaction i ON i.customer_id = p.customer_id AND i.kind = 'complaint'
     AND i.date_key BETWEEN strftime(p.reference - INTERVAL 90 DAY, '%Y%m%d')::INTEGER AND strftime(p.reference, '%Y%m%d')::INTEGER
),
activity AS (
    SELECT p.customer_id, count(*) FILTER (t.day > p.reference - INTERVAL 90 DAY) AS recent,
           count(*) FILTER (t.day <= p.reference - INTERVAL 90 DAY) AS earlier
    FROM population p JOIN mart.work_txn t ON t.customer_id = p.customer_id AND t.day > p.reference - INTERVAL 180 DAY AND t.day <= p.reference
    GROUP BY p.customer_id
),
signals AS (
    SELECT p.churned, p.reason,
           c.customer_id IS NOT NULL AS complaint,
           coalesce(a.earlier, 0) > 0 AND coalesce(a.recent, 0) < 0.5 * a.earlier AS txn_halved,
           coalesce(before.balance, 0) > 0 AND coalesce(recent.balance, 0) < 0.5 * before.balance AS balance_halved
    FROM population p
    LEFT JOIN complaints c USING (customer_id)
    LEFT JOIN activity a USING (customer_id)
    LEFT JOIN m_balance_customer recent ON recent.customer_id = p.customer_id AND recent.month = date_trunc('month', p.reference - INTERVAL 1 MONTH)
    LEFT JOIN m_balance_customer before ON before.customer_id = p.customer_id AND before.month = date_trunc('month', p.reference - INTERVAL 4 MONTH)
),
flags AS (
    SELECT churned, reason, 'complaint_in_90_days' AS precursor, complaint AS shown FROM signals
    UNION ALL SELECT churned, reason, 'transactions_halved', txn_halved FROM signals
    UNION ALL SELECT churned, reason, 'deposit_balance_halved', balance_halved FROM signals
),
stayers AS (SELECT precursor, avg(shown::INTEGER) AS rate FROM flags WHERE NOT churned GROUP BY precursor),
churners AS (
    SELECT precursor, count(*) AS n, avg(shown::INTEGER) AS rate FROM flags WHERE churned GROUP BY precursor
    UNION ALL
    SELECT precursor || '_before_' || reason || '_churn', count(*), avg(shown::INTEGER) FROM flags WHERE churned GROUP BY precursor, reason
)
SELECT $as_of, c.precursor, c.n, c.rate, coalesce(s.rate, 0), c.rate / nullif(s.rate, 0)
FROM churners c JOIN stayers s ON c.precursor LIKE s.precursor || '%';
