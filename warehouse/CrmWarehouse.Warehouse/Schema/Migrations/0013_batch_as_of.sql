-- The business date each batch loaded (its as-of date), chosen once per batch and bound into every stage as $as_of.
-- Mining and the cubes' relative filters count from the latest published one, never from the wall clock.
ALTER TABLE audit.batch ADD COLUMN as_of DATE;

-- Batches published before the date was recorded: the latest stands at the last day its facts reach, which is what
-- mining took as its date then; earlier ones stay unknown (NULL).
UPDATE audit.batch SET as_of = (
    SELECT strptime(max(date_key)::VARCHAR, '%Y%m%d')::DATE FROM dw.fact_transaction WHERE date_key > 0)
WHERE batch_id = (SELECT max(batch_id) FROM audit.batch WHERE status = 'published');
