-- Why each record belongs to its golden customer (match.link_evidence, migration 0015): the accepted pair of highest
-- weight the record takes part in, with each comparison's level and weight, the total and the threshold. Only rows
-- whose evidence changed since the last batch are rewritten, so a quiet night writes almost nothing.
CREATE OR REPLACE TEMP TABLE evidence_next AS
WITH ends AS (
    SELECT id_l AS record_id, id_r AS other, match_weight, match_probability, {{gamma_columns}} FROM match.pairs
    UNION ALL
    SELECT id_r, id_l, match_weight, match_probability, {{gamma_columns}} FROM match.pairs
), best AS (
    SELECT * FROM ends
    QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY match_weight DESC, other) = 1
)
SELECT g.record_id, r.source, g.golden_id AS customer_id, b.other AS linked_through,
       CASE WHEN b.other IS NOT NULL THEN [{{fields}}] END AS fields,
       CASE WHEN b.other IS NOT NULL THEN $prior_weight END AS prior_weight,
       b.match_weight AS total_weight,
       b.match_probability AS probability,
       $threshold_weight AS threshold_weight,
       $threshold_probability AS threshold_probability
FROM match.golden_ids AS g
JOIN {{input}} AS r USING (record_id)
LEFT JOIN best AS b USING (record_id)
{{level_joins}};

CREATE OR REPLACE TEMP TABLE evidence_changed AS
SELECT * FROM evidence_next
EXCEPT
SELECT * EXCLUDE (batch_id) FROM match.link_evidence;

DELETE FROM match.link_evidence AS e
WHERE e.record_id IN (SELECT record_id FROM evidence_changed)
   OR NOT EXISTS (SELECT 1 FROM evidence_next AS n WHERE n.record_id = e.record_id);

INSERT INTO match.link_evidence
SELECT *, $batch_id FROM evidence_changed;
