-- The comparison vector (one gamma per comparison) of every candidate pair.
CREATE OR REPLACE TABLE match.comparisons AS
SELECT c.id_l, c.id_r, c.rule, {{gammas}}
FROM match.candidates AS c
JOIN {{input}} AS l ON l.record_id = c.id_l
JOIN {{input}} AS r ON r.record_id = c.id_r;
