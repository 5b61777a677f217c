-- Before the loads: an account deleted in its source (core accounts, cards, wealth subscriptions, legacy deposits, each
-- keyed by the account's number) is no longer held. Its dw.dim_account row stays, as history of what was held, flagged:
-- status 'deleted' and deleted_on the business day the deletion was found, so tonight's balances and transactions of
-- it already see the flag (balances_load.sql, transactions_load.sql). Another key of the same table that still cleans
-- to the same number (the same account spelt twice at source) keeps the account held.
CREATE OR REPLACE TEMP TABLE hard_deleted_account AS
SELECT a.account_key, a.account_number, h.source, h.table_name, h.source_key
FROM audit.hard_delete h
JOIN dw.dim_account a ON a.source = h.source AND a.account_number = clean.text(h.source_key)
WHERE h.batch_id = $batch
  AND (h.source, h.table_name) IN (('core', 'accounts'), ('cards', 'cards'), ('wealth', 'subscriptions'), ('reference', 'legacy_deposits'))
  AND a.account_key <> 0 AND a.deleted_on IS NULL;

-- Only the account tables' keys are cleaned (plain filters, pushed into the scan), not every key the warehouse knows.
DELETE FROM hard_deleted_account d
USING (SELECT source, table_name, clean.text(source_key) AS account_number FROM audit.source_key
       WHERE source IN ('core', 'cards', 'wealth', 'reference') AND table_name IN ('accounts', 'cards', 'subscriptions', 'legacy_deposits')) k
WHERE k.source = d.source AND k.table_name = d.table_name AND k.account_number = d.account_number;

UPDATE dw.dim_account a SET status = 'deleted', deleted_on = $as_of, batch_id = $batch
FROM hard_deleted_account d
WHERE a.account_key = d.account_key;

-- Its month-end balances from that day on are not carried (earlier month ends, when it was held, stay). A month-end row
-- is dated its month's last day and loaded once that day is a batch's business day, so what goes is one month's row
-- (rarely more: a source's future-dated rows); the event keeps the earliest month removed, whose rollups are refreshed
-- with the months tonight's rows touch.
UPDATE audit.hard_delete h SET reflected = 'account deleted',
    date_key = (SELECT min(f.month_key) FROM dw.fact_balance_month f
                WHERE f.account_key = d.account_key AND f.month_key >= strftime($as_of, '%Y%m%d')::INTEGER)
FROM hard_deleted_account d
WHERE h.batch_id = $batch AND h.source = d.source AND h.table_name = d.table_name AND h.source_key = d.source_key;

DELETE FROM dw.fact_balance_month f
USING hard_deleted_account d
WHERE f.account_key = d.account_key AND f.month_key >= strftime($as_of, '%Y%m%d')::INTEGER;
