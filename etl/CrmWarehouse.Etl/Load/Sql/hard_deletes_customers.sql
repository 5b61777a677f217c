-- Before matching: a deleted customer record leaves the records matching runs over, so tonight's golden customers
-- are made without it (a customer with other records keeps them; its attributes follow what is left). The golden
-- customers it belonged to are remembered for hard_deletes_reflect.
CREATE OR REPLACE TEMP TABLE hard_deleted_record AS
SELECT r.record_id, g.golden_id
FROM dw.customer_source_record r
JOIN audit.hard_delete h ON h.batch_id = $batch AND h.source = r.source AND h.table_name = r.source_table AND h.source_key = r.source_key
LEFT JOIN match.golden_ids g USING (record_id);

DELETE FROM dw.customer_source_record WHERE record_id IN (SELECT record_id FROM hard_deleted_record);

-- Matching keeps the id of a record it does not see tonight; a deleted record must not keep its customer alive.
DELETE FROM match.golden_ids WHERE record_id IN (SELECT record_id FROM hard_deleted_record);

UPDATE audit.hard_delete h SET reflected = 'customer record removed'
WHERE h.batch_id = $batch AND (h.source || ':' || h.source_key) IN (SELECT record_id FROM hard_deleted_record);
