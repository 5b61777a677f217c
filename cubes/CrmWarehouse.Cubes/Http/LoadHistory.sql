-- GET /api/loads: the batches, newest first, with rows and seconds per stage and why a failed one failed.
SELECT batch_id, kind, status, trigger, started_at, finished_at,
       date_diff('millisecond', started_at, finished_at) / 1000.0 AS seconds,
       stage_rows, stage_seconds, error
FROM audit.batch
ORDER BY batch_id DESC
LIMIT $limit
