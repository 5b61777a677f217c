-- Comparison vectors of pairs drawn at random from all allowed pairs (two independent samples, crossed): almost
-- all of them are non-matches, so their level frequencies estimate u. The samples are the records with the
-- smallest hash of (record_id, seed): the same records whatever order the table's rows are stored or scanned in
-- (a reservoir sample, even a repeatable one, depends on that order), so a night's model can be reproduced.
CREATE OR REPLACE TEMP TABLE match_sample_l AS
SELECT * FROM {{input}} ORDER BY hash(record_id, $seed_l), record_id LIMIT $sample_rows;
CREATE OR REPLACE TEMP TABLE match_sample_r AS
SELECT * FROM {{input}} ORDER BY hash(record_id, $seed_r), record_id LIMIT $sample_rows;
CREATE OR REPLACE TEMP TABLE match_random_pairs AS
SELECT {{gammas}}
FROM match_sample_l AS l, match_sample_r AS r
WHERE {{pair_filter}};
DROP TABLE match_sample_l;
DROP TABLE match_sample_r;
