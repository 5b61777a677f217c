-- Rows each cleaning rule rejected or repaired in the batch, by source table and column (counts only, no values).
SELECT source, table_name, rule, column_name, action, count(*) AS rows
FROM rejects
WHERE batch_id = $batch_id
GROUP BY ALL
ORDER BY rows DESC, source, table_name, rule
