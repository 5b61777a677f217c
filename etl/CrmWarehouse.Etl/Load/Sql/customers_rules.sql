-- Tonight's customer records after the rules (customer_checked, from customers_check.sql): each failed rule into
-- audit.rejects with its raw value, the records kept into customer_record and dw.customer_source_record.
INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, source, source_table, source_key, issue.rule, issue.column, issue.raw, issue.action
FROM (SELECT source, source_table, source_key, unnest(issues) AS issue FROM customer_checked);

INSERT INTO customer_record
SELECT source || ':' || source_key, source, source_table, source_key, trust, name, gender, birth_date, id_number, phone,
       clean_address, regexp_extract(clean_address, '^(\p{Han}+?省)', 1), coalesce(nullif(regexp_extract(clean_address, '^(?:\p{Han}+?省)?(\p{Han}+?市)', 1), ''), NULL),
       segment, tier, branch_code, education, occupation, monthly_income, updated_at
FROM customer_checked
WHERE name IS NOT NULL;

-- Tonight's records replace their earlier versions among all known records, which matching runs over; a record
-- re-sent unchanged (a file read whole every night) is left as it is.
INSERT OR REPLACE INTO dw.customer_source_record
SELECT *, $batch FROM (SELECT * FROM customer_record EXCEPT SELECT * EXCLUDE (batch_id) FROM dw.customer_source_record);

-- Rejected customer rows are accounted here; the load accounts the rest. The legacy export's customers come from
-- its account rows, which the account load accounts for.
INSERT INTO stage_accounting
SELECT source, source_table, 0, count(*) FILTER (name IS NULL), 0
FROM customer_checked
WHERE source_table <> 'legacy_deposits'
GROUP BY ALL;
