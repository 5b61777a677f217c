-- Match weight of every candidate pair (prior + the log2 Bayes factor of each comparison's level), and the
-- accepted pairs with what explains them: their levels, each level's weight, the total and the probability.
CREATE OR REPLACE TABLE match.scored AS
SELECT c.*,
       $prior_weight + {{weight_sum}} AS match_weight,
       concat_ws('; ', {{explanation}}) AS explanation
FROM match.comparisons AS c
{{level_joins}};

CREATE OR REPLACE TABLE match.pairs AS
SELECT id_l, id_r, rule, match_weight,
       1 / (1 + pow(2, -match_weight)) AS match_probability,
       {{gamma_columns}}, explanation
FROM match.scored
WHERE match_weight >= $threshold_weight;
