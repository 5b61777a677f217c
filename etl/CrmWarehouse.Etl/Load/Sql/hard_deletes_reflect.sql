-- After the loads, inside the publish transaction: what tonight's hard deletes change in the star schema.

-- A transaction deleted in its source leaves the fact table; its date goes on the event so that the rollups of its
-- month are refreshed with the months tonight's rows touched.
UPDATE audit.hard_delete h SET reflected = 'fact removed', date_key = f.date_key
FROM dw.fact_transaction f
WHERE h.batch_id = $batch
  AND ((h.source = 'core' AND h.table_name = 'transactions') OR (h.source = 'cards' AND h.table_name = 'card_transactions'))
  AND f.transaction_id = h.source || ':' || h.source_key;

DELETE FROM dw.fact_transaction f
USING audit.hard_delete h
WHERE h.batch_id = $batch AND h.reflected = 'fact removed' AND f.transaction_id = h.source || ':' || h.source_key;

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
