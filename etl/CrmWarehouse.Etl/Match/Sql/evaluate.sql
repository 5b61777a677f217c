-- Pairwise quality of the clusters against the ground truth (column entity). A pair is two records of different
-- sides: in dedupe mode every record is its own side, in link-only mode the side is the source. Pairs in a group
-- of n records with n_s per side: (n² − Σ n_s²) / 2, so no pair is ever materialised.
WITH joined AS (
    SELECT c.cluster_id, i.entity, i.{{side}} AS side
    FROM {{clusters}} AS c
    JOIN {{input}} AS i USING (record_id)
), per_cluster AS (
    SELECT cluster_id, side, count(*) AS n FROM joined GROUP BY ALL
), per_entity AS (
    SELECT entity, side, count(*) AS n FROM joined GROUP BY ALL
), per_both AS (
    SELECT cluster_id, entity, side, count(*) AS n FROM joined GROUP BY ALL
)
SELECT
    (SELECT coalesce(sum(p), 0) FROM (SELECT (sum(n) * sum(n) - sum(n * n)) // 2 AS p FROM per_cluster GROUP BY cluster_id))::BIGINT AS predicted,
    (SELECT coalesce(sum(p), 0) FROM (SELECT (sum(n) * sum(n) - sum(n * n)) // 2 AS p FROM per_entity GROUP BY entity))::BIGINT AS truth,
    (SELECT coalesce(sum(p), 0) FROM (SELECT (sum(n) * sum(n) - sum(n * n)) // 2 AS p FROM per_both GROUP BY cluster_id, entity))::BIGINT AS true_positives,
    (SELECT count(*) FROM match.candidates AS m
        JOIN {{input}} AS l ON l.record_id = m.id_l
        JOIN {{input}} AS r ON r.record_id = m.id_r
        WHERE l.entity = r.entity) AS true_candidates;
