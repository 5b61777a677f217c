-- Comparison vectors of pairs drawn at random from all allowed pairs (two independent repeatable samples,
-- crossed): almost all of them are non-matches, so their level frequencies estimate u.
CREATE OR REPLACE TEMP TABLE match_sample_l AS
SELECT * FROM {{input}} USING SAMPLE reservoir({{sample_rows}} ROWS) REPEATABLE ({{seed_l}});
CREATE OR REPLACE TEMP TABLE match_sample_r AS
SELECT * FROM {{input}} USING SAMPLE reservoir({{sample_rows}} ROWS) REPEATABLE ({{seed_r}});
CREATE OR REPLACE TEMP TABLE match_random_pairs AS
SELECT {{gammas}}
FROM match_sample_l AS l, match_sample_r AS r
WHERE {{pair_filter}};
DROP TABLE match_sample_l;
DROP TABLE match_sample_r;
