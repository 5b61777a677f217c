-- The latest date a published mining run scored.
SELECT max(as_of) AS as_of FROM mining_run WHERE status = 'published'
