-- The keys of tonight's staged rows of one source table ($source, $table; the temp view staged_keys) join the keys
-- the warehouse has been given.
INSERT INTO audit.source_key
SELECT DISTINCT $source, $table, s.source_key
FROM staged_keys s
WHERE NOT EXISTS (SELECT 1 FROM audit.source_key k WHERE k.source = $source AND k.table_name = $table AND k.source_key = s.source_key);
