-- Rows per source table in the batch: extracted = loaded + rejected + merged duplicates, and whether it holds.
SELECT source, table_name, extracted, loaded, rejected, merged_duplicates,
       extracted = loaded + rejected + merged_duplicates AS balanced
FROM reconciliation
WHERE batch_id = $batch_id
ORDER BY source, table_name
