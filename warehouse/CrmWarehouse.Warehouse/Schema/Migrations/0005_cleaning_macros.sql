-- replaces checksum f4a2b988c5ba3b5798096ef9d7bdf2c7f72bf0a9eededaea4d7a81bf1bbe465d
-- The schema of the cleaning rules. The rules themselves (DuckDB macros) were defined here, redefined by 0007 and
-- 0010, and now live in one repeatable script beside the cleaning code, etl/CrmWarehouse.Etl/Clean/clean.sql,
-- which the batch applies whenever its text changes. A warehouse that applied this migration's earlier text (the
-- checksum above) is current: the repeatable script replaces what that text created.
CREATE SCHEMA IF NOT EXISTS clean;
