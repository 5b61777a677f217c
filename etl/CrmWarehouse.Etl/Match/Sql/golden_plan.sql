-- Stable golden ids, step 1: decide which id each of tonight's clusters carries.
-- A cluster holding records that already had golden ids keeps the smallest of them (the others merge into it);
-- when one old id ends up in several clusters (a split), the cluster holding most of its records keeps it.
-- Every other cluster is new and draws the next ids from match.golden_sequence.
CREATE SCHEMA IF NOT EXISTS match;
CREATE TABLE IF NOT EXISTS match.golden_ids (record_id VARCHAR NOT NULL, golden_id BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS match.golden_merges (merged_at TIMESTAMPTZ NOT NULL, kept_golden_id BIGINT NOT NULL, merged_golden_id BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS match.golden_sequence (last_id BIGINT NOT NULL);
INSERT INTO match.golden_sequence
SELECT last_id FROM (SELECT coalesce(max(golden_id), 0) AS last_id FROM match.golden_ids)
WHERE NOT EXISTS (SELECT 1 FROM match.golden_sequence);

CREATE OR REPLACE TEMP TABLE golden_claims AS
SELECT c.cluster_id, g.golden_id, count(*) AS members
FROM {{clusters}} AS c
JOIN match.golden_ids AS g USING (record_id)
GROUP BY c.cluster_id, g.golden_id;

CREATE OR REPLACE TEMP TABLE golden_kept AS
WITH wanted AS (
    SELECT cluster_id, min(golden_id) AS golden_id FROM golden_claims GROUP BY cluster_id
), ranked AS (
    SELECT w.cluster_id, w.golden_id,
           row_number() OVER (PARTITION BY w.golden_id ORDER BY gc.members DESC, w.cluster_id) AS claim_rank
    FROM wanted AS w
    JOIN golden_claims AS gc USING (cluster_id, golden_id)
)
SELECT cluster_id, golden_id FROM ranked WHERE claim_rank = 1;

CREATE OR REPLACE TEMP TABLE golden_new AS
SELECT c.cluster_id,
       (SELECT last_id FROM match.golden_sequence) + row_number() OVER (ORDER BY c.cluster_id) AS golden_id
FROM (SELECT DISTINCT cluster_id FROM {{clusters}}) AS c
ANTI JOIN golden_kept AS k USING (cluster_id);
