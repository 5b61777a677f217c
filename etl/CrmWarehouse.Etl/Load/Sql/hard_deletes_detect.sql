-- Keys the warehouse holds for one source table ($source, $table) that its source no longer has (the temp view
-- complete_keys: every key the source has now) were deleted there: each is an event, and the key is forgotten.
INSERT INTO audit.hard_delete (batch_id, as_of, source, table_name, source_key, reflected)
SELECT $batch, $as_of, k.source, k.table_name, k.source_key, 'recorded'
FROM audit.source_key k
WHERE k.source = $source AND k.table_name = $table
  AND NOT EXISTS (SELECT 1 FROM complete_keys c WHERE c.source_key = k.source_key);

DELETE FROM audit.source_key k
USING audit.hard_delete h
WHERE h.batch_id = $batch AND h.source = $source AND h.table_name = $table
  AND k.source = h.source AND k.table_name = h.table_name AND k.source_key = h.source_key;
