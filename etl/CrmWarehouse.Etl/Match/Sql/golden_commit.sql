-- Stable golden ids, step 3: the new mapping. Records not matched tonight keep their id (followed through
-- tonight's merges), and the sequence moves past the ids just issued.
CREATE OR REPLACE TEMP TABLE golden_next AS
SELECT c.record_id, coalesce(k.golden_id, n.golden_id) AS golden_id
FROM {{clusters}} AS c
LEFT JOIN golden_kept AS k USING (cluster_id)
LEFT JOIN golden_new AS n USING (cluster_id)
UNION ALL
SELECT g.record_id,
       CASE WHEN g.golden_id IN (SELECT golden_id FROM golden_kept) THEN g.golden_id
            ELSE coalesce((SELECT min(k.golden_id) FROM golden_claims AS gc JOIN golden_kept AS k USING (cluster_id)
                           WHERE gc.golden_id = g.golden_id), g.golden_id) END
FROM match.golden_ids AS g
WHERE g.record_id NOT IN (SELECT record_id FROM {{clusters}});

DELETE FROM match.golden_ids;
INSERT INTO match.golden_ids SELECT record_id, golden_id FROM golden_next;
UPDATE match.golden_sequence SET last_id = last_id + (SELECT count(*) FROM golden_new);
