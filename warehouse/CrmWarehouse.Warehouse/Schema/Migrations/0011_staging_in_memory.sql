-- Staging moves out of the warehouse file into an in-memory database attached under the same name (Migrator
-- attaches it whenever it opens a warehouse), so `staging.<table>` still names tonight's extract. Staging holds one
-- batch's raw rows and is rebuilt by every batch, so nothing is lost; writing it into the file cost the extract about
-- 40% more on text columns (DuckDB compresses every row group it writes to disk) and put gigabytes of throw-away rows
-- into every checkpoint.
DROP SCHEMA IF EXISTS staging CASCADE;
