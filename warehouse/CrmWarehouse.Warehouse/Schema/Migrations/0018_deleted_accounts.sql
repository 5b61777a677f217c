-- An account deleted in its source (issue #15) stays in dw.dim_account as history but is no longer held: its status
-- becomes 'deleted' and deleted_on is the business day of the batch that found it gone. The dimension is type 1, so
-- the flag is a column rather than an SCD2 version; it clears if the source sends the account again.
ALTER TABLE dw.dim_account ADD COLUMN deleted_on DATE;

-- audit.hard_delete.reflected says 'account deleted' for such an event (etl Load/Sql/hard_deletes_accounts.sql).
