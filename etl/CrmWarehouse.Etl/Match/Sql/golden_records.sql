-- Survivorship: one golden record per golden id among tonight's records, each attribute picked by its rule,
-- with the records it was built from.
CREATE OR REPLACE TABLE match.golden_records AS
SELECT g.golden_id,
       {{picks}},
       list(r.record_id ORDER BY r.record_id) AS record_ids,
       list(DISTINCT r.source ORDER BY r.source) AS sources
FROM match.golden_ids AS g
JOIN {{input}} AS r USING (record_id)
GROUP BY g.golden_id;
