-- Stable golden ids, step 2: every old id that tonight's clusters absorbed into another is recorded as merged.
INSERT INTO match.golden_merges
SELECT DISTINCT $merged_at, k.golden_id, gc.golden_id
FROM golden_claims AS gc
JOIN golden_kept AS k USING (cluster_id)
WHERE gc.golden_id <> k.golden_id;
