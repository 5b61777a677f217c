-- After the loads, inside the publish transaction: what tonight's hard deletes change in the star schema.

-- A row deleted in its source whose fact row is a transaction, a month-end balance or an interaction leaves its fact
-- table (facts are not versioned; the event stays in audit.hard_delete). The row's date goes on the event so that the
-- rollups of its month are refreshed with the months tonight's rows touched. hard_deleted_fact names each fact row by
-- what the loads made of the source key: source:key for a transaction, kind:key for an interaction, and for a balance
-- the account and month end of its key (account_no|month_end), cleaned as balances_prepare.sql cleans them.
CREATE OR REPLACE TEMP TABLE hard_deleted_fact AS
SELECT h.source, h.table_name, h.source_key, 'transaction' AS fact, f.transaction_id AS row_id, NULL::BIGINT AS account_key, f.date_key
FROM audit.hard_delete h
JOIN dw.fact_transaction f ON f.transaction_id = h.source || ':' || h.source_key
WHERE h.batch_id = $batch AND (h.source, h.table_name) IN (('core', 'transactions'), ('cards', 'card_transactions'))
UNION ALL
SELECT h.source, h.table_name, h.source_key, 'interaction', f.interaction_id, NULL, f.date_key
FROM audit.hard_delete h
JOIN dw.fact_interaction f ON f.interaction_id = CASE h.table_name WHEN 'contacts' THEN 'contact' WHEN 'campaign_responses' THEN 'campaign'
                                                                   WHEN 'complaints' THEN 'complaint' WHEN 'surveys' THEN 'survey' END || ':' || h.source_key
WHERE h.batch_id = $batch AND h.source = 'wealth'
UNION ALL
SELECT h.source, h.table_name, h.source_key, 'balance', NULL, f.account_key, f.month_key
FROM audit.hard_delete h
JOIN dw.dim_account a ON a.account_number = clean.text(split_part(h.source_key, '|', 1))
JOIN dw.fact_balance_month f ON f.account_key = a.account_key
     AND f.month_key = strftime(clean.date_any(split_part(h.source_key, '|', 2)), '%Y%m%d')::INTEGER
WHERE h.batch_id = $batch AND h.source = 'core' AND h.table_name = 'balances';

UPDATE audit.hard_delete h SET reflected = 'fact removed', date_key = d.date_key
FROM hard_deleted_fact d
WHERE h.batch_id = $batch AND h.source = d.source AND h.table_name = d.table_name AND h.source_key = d.source_key;

DELETE FROM dw.fact_transaction WHERE transaction_id IN (SELECT row_id FROM hard_deleted_fact WHERE fact = 'transaction');
DELETE FROM dw.fact_interaction WHERE interaction_id IN (SELECT row_id FROM hard_deleted_fact WHERE fact = 'interaction');
DELETE FROM dw.fact_balance_month f
USING hard_deleted_fact d
WHERE d.fact = 'balance' AND f.account_key = d.account_key AND f.month_key = d.date_key;

-- A golden customer none of whose records is left (matching gave it no record tonight) is closed: its current SCD2
-- version ends with the batch's business day, so history keeps it and "current" no longer shows it.
CREATE OR REPLACE TEMP TABLE hard_deleted_customer AS
SELECT DISTINCT d.golden_id AS customer_id
FROM hard_deleted_record d
WHERE d.golden_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM match.golden_ids g WHERE g.golden_id = d.golden_id);

UPDATE dw.dim_customer c
SET valid_to = greatest(c.valid_from + INTERVAL 1 SECOND, ($as_of + INTERVAL 1 DAY)::TIMESTAMP::TIMESTAMPTZ), is_current = false, batch_id = $batch
WHERE c.is_current AND c.customer_key <> 0 AND c.customer_id IN (SELECT customer_id FROM hard_deleted_customer);

UPDATE audit.hard_delete h SET reflected = 'customer closed'
WHERE h.batch_id = $batch
  AND (h.source || ':' || h.source_key) IN (SELECT record_id FROM hard_deleted_record WHERE golden_id IN (SELECT customer_id FROM hard_deleted_customer));
