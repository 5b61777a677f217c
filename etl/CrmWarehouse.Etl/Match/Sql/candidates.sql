-- Candidate pairs: the union of the blocking rules (OR), each pair once, tagged with the first rule that found it.
CREATE SCHEMA IF NOT EXISTS match;
CREATE OR REPLACE TABLE match.candidates AS
SELECT id_l, id_r, min(rule) AS rule
FROM (
{{rules}}
)
GROUP BY id_l, id_r;
