-- One batch of audit.batch: the latest published one when $batch_id is NULL.
SELECT batch_id, kind, status, trigger, as_of, started_at, finished_at,
       date_diff('millisecond', started_at, finished_at) / 1000.0 AS seconds, stage_rows, stage_seconds, error
FROM batch
WHERE batch_id = coalesce($batch_id, (SELECT max(batch_id) FROM batch WHERE status = 'published'))
