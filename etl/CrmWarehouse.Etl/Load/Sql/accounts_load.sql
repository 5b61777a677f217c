-- Accounts into dw.dim_account (type 1: status and closure update in place; an account its source sends again after
-- deleting it is held again: deleted_on clears, see hard_deletes_accounts.sql) and their opened/closed events into
-- dw.fact_account_event. An account whose product, branch or owner the warehouse does not know loads against the
-- unknown member (key 0) and says so in audit.rejects; one without a number, or opened after the business date,
-- is rejected.
CREATE OR REPLACE TEMP TABLE account_checked AS
SELECT a.*,
       clean.date_any(raw_open) AS open_date,
       clean.date_any(raw_close) AS close_date,
       coalesce(p.product_key, 0) AS product_key,
       coalesce(b.branch_key, 0) AS branch_key,
       coalesce(g.golden_id, 0) AS customer_id,
       CASE split_part(raw_reason, ':', 1) WHEN 'Natural' THEN 'natural' WHEN 'Competitive' THEN 'competitive'
            WHEN 'ServiceFailure' THEN 'service' END AS reason_category,
       nullif(split_part(raw_reason, ':', 2), '') AS reason_detail,
       CASE WHEN account_number IS NULL THEN 'account_number_missing'
            WHEN clean.date_any(raw_open) > $as_of THEN 'open_date_in_future'
            WHEN clean.date_any(raw_open) IS NULL THEN 'open_date_unparseable' END AS reject_rule
FROM staging.prepared.account_raw a
LEFT JOIN dw.dim_product p ON p.code = a.product_code OR (a.product_code IS NULL AND p.name = a.product_name)
LEFT JOIN dw.dim_branch b ON b.code = a.branch_code
LEFT JOIN match.golden_ids g ON g.record_id = a.owner_record;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, source, source_table, source_key, reject_rule,
       CASE reject_rule WHEN 'account_number_missing' THEN 'account_number' ELSE 'open_date' END, raw_open, 'rejected'
FROM account_checked WHERE reject_rule IS NOT NULL
UNION ALL
SELECT $batch, source, source_table, source_key, 'product_unknown', 'product', coalesce(product_code, product_name), 'repaired'
FROM account_checked WHERE reject_rule IS NULL AND product_key = 0
UNION ALL
SELECT $batch, source, source_table, source_key, 'owner_unknown', 'owner', owner_record, 'repaired'
FROM account_checked WHERE reject_rule IS NULL AND customer_id = 0;

INSERT INTO dw.dim_account (account_key, account_number, source, customer_id, product_key, branch_key, open_date, close_date,
                            status, close_reason, batch_id)
-- New keys follow the account number, not the order parallel threads happen to insert in, so that the same sources
-- give the same keys on any run.
SELECT (SELECT coalesce(max(account_key), 0) FROM dw.dim_account) + row_number() OVER (ORDER BY account_number),
       account_number, source, customer_id, product_key, branch_key, open_date, close_date,
       CASE WHEN closed OR close_date IS NOT NULL THEN 'closed' ELSE 'active' END, reason_category, $batch
FROM account_checked
WHERE reject_rule IS NULL
ON CONFLICT (account_number) DO UPDATE SET customer_id = excluded.customer_id, product_key = excluded.product_key,
    branch_key = excluded.branch_key, open_date = excluded.open_date, close_date = excluded.close_date,
    status = excluded.status, close_reason = excluded.close_reason, deleted_on = excluded.deleted_on, batch_id = excluded.batch_id
WHERE (dim_account.customer_id, dim_account.product_key, dim_account.branch_key, dim_account.open_date, dim_account.close_date,
       dim_account.status, dim_account.close_reason, dim_account.deleted_on)
      IS DISTINCT FROM (excluded.customer_id, excluded.product_key, excluded.branch_key, excluded.open_date, excluded.close_date,
       excluded.status, excluded.close_reason, excluded.deleted_on);

-- Events: one 'opened' per account, one 'closed' per closed account, re-derived for tonight's accounts; only events
-- that are new or differ are written (legacy deposits are re-sent whole every night).
CREATE OR REPLACE TEMP TABLE account_event_new AS
SELECT a.account_number || ':' || e.event_type AS event_id,
       coalesce(strftime(e.day, '%Y%m%d')::INTEGER, 0) AS date_key, d.account_key, coalesce(c.customer_key, 0) AS customer_key, a.customer_id,
       a.product_key, a.branch_key, e.event_type,
       CASE WHEN e.event_type = 'closed' THEN a.reason_category END AS reason_category,
       CASE WHEN e.event_type = 'closed' THEN a.reason_detail END AS reason_detail
FROM account_checked a
JOIN dw.dim_account d ON d.account_number = a.account_number
CROSS JOIN LATERAL (SELECT 'opened' AS event_type, a.open_date AS day UNION ALL
                    SELECT 'closed', a.close_date WHERE a.close_date IS NOT NULL) e
LEFT JOIN customer_version c ON c.customer_id = a.customer_id
     AND e.day::TIMESTAMP >= c.valid_from AND e.day::TIMESTAMP < c.valid_to
WHERE a.reject_rule IS NULL;

DELETE FROM dw.fact_account_event f
WHERE f.event_id IN (SELECT account_number || suffix FROM account_checked, (VALUES (':opened'), (':closed')) s(suffix) WHERE reject_rule IS NULL)
  AND NOT EXISTS (SELECT 1 FROM account_event_new n WHERE n.event_id = f.event_id
                  AND (n.date_key, n.account_key, n.customer_key, n.customer_id, n.product_key, n.branch_key, n.event_type, n.reason_category, n.reason_detail)
                      IS NOT DISTINCT FROM (f.date_key, f.account_key, f.customer_key, f.customer_id, f.product_key, f.branch_key, f.event_type, f.reason_category, f.reason_detail));

INSERT INTO dw.fact_account_event (event_id, date_key, account_key, customer_key, customer_id, product_key, branch_key,
                                   event_type, reason_category, reason_detail, batch_id)
SELECT n.*, $batch FROM account_event_new n ANTI JOIN dw.fact_account_event f ON f.event_id = n.event_id;

INSERT INTO stage_accounting
SELECT source, source_table, count(*) FILTER (reject_rule IS NULL), count(*) FILTER (reject_rule IS NOT NULL), 0
FROM account_checked GROUP BY ALL;
