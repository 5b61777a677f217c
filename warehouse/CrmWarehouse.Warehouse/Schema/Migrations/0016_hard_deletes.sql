-- Hard deletes (issue #15): a row removed from its source, rather than updated, is invisible to a watermark read.
-- audit.source_key holds the key of every source row the warehouse has been given, per source table; a batch that
-- knows a table's complete key set (it read the table whole, or scanned its keys) finds the keys gone from the
-- source, records each as an event in audit.hard_delete and reflects it in the warehouse.

CREATE TABLE audit.source_key (
    source      VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    source_key  VARCHAR NOT NULL
);

CREATE TABLE audit.hard_delete (
    batch_id    BIGINT NOT NULL,           -- the batch that found it
    as_of       DATE NOT NULL,             -- that batch's business date
    source      VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    source_key  VARCHAR NOT NULL,
    reflected   VARCHAR NOT NULL,          -- fact removed | customer record removed | customer closed | recorded
    date_key    INTEGER                    -- a removed fact row's date: its month's rollups are refreshed
);

-- What a warehouse loaded before this migration already holds, so that its deletes are found from the next check on
-- (the other tables' keys are learnt as their rows are read again).
INSERT INTO audit.source_key
SELECT DISTINCT source, source_table, source_key FROM dw.customer_source_record;

INSERT INTO audit.source_key
SELECT DISTINCT split_part(transaction_id, ':', 1),
       CASE split_part(transaction_id, ':', 1) WHEN 'core' THEN 'transactions' ELSE 'card_transactions' END,
       substr(transaction_id, strpos(transaction_id, ':') + 1)
FROM dw.fact_transaction
WHERE split_part(transaction_id, ':', 1) IN ('core', 'cards');
