-- Comparison vectors of pairs drawn at random from all allowed pairs (two independent repeatable samples,
-- crossed): almost all of them are non-matches, so their level frequencies estimate u.
CREATE OR REPLACE TEMP TABLE match_random_pairs AS
SELECT {{gammas}}
FROM (SELECT * FROM {{input}} USING SAMPLE reservoir({{sample_rows}} ROWS) REPEATABLE ({{seed_l}})) AS l,
     (SELECT * FROM {{input}} USING SAMPLE reservoir({{sample_rows}} ROWS) REPEATABLE ({{seed_r}})) AS r
WHERE {{pair_filter}};
