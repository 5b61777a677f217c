-- One round: take the smallest label among a record and its neighbours, then jump to the label of that label
-- (pointer jumping: a long chain settles in about log2(length) rounds instead of length rounds).
CREATE OR REPLACE TEMP TABLE match_hop AS
SELECT c.record_id, least(c.cluster_id, coalesce(min(n.cluster_id), c.cluster_id)) AS cluster_id
FROM {{clusters}} AS c
LEFT JOIN match_edges AS e ON e.a = c.record_id
LEFT JOIN {{clusters}} AS n ON n.record_id = e.b
GROUP BY c.record_id, c.cluster_id;
CREATE OR REPLACE TEMP TABLE match_next AS
SELECT h.record_id, least(h.cluster_id, p.cluster_id) AS cluster_id
FROM match_hop AS h
JOIN match_hop AS p ON p.record_id = h.cluster_id;
