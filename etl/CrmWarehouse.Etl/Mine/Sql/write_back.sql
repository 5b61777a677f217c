-- The key scores of mart.customer_value ($asof) written back to dw.dim_customer, so that they slice in the cubes.
-- A customer's first scores fill its current version in place; a changed score closes the current version at the
-- end of the as-of day (or at its own start, if later) and opens a new one with the new scores, history kept.
CREATE OR REPLACE TEMP TABLE mining_change AS
SELECT d.customer_key, v.rfm_segment, v.value_tier, d.rfm_segment IS NULL AND d.value_tier IS NULL AS first_scores,
       greatest(d.valid_from, ($asof + INTERVAL 1 DAY)::TIMESTAMPTZ) AS switch_at
FROM dw.dim_customer d
JOIN mart.customer_value v ON v.customer_id = d.customer_id AND v.as_of = $asof
WHERE d.is_current AND d.customer_key <> 0
  AND (d.rfm_segment, d.value_tier) IS DISTINCT FROM (v.rfm_segment, v.value_tier);

UPDATE dw.dim_customer d SET rfm_segment = c.rfm_segment, value_tier = c.value_tier
FROM mining_change c WHERE d.customer_key = c.customer_key AND c.first_scores;

INSERT INTO dw.dim_customer (customer_key, customer_id, name, gender, birth_date, age_band, education, occupation, income_band, phone,
                             id_number, province, city, address, segment, tier, source_ids, rfm_segment, churn_risk_band, value_tier,
                             valid_from, valid_to, is_current, batch_id)
SELECT nextval('dw.customer_key_seq'), d.customer_id, d.name, d.gender, d.birth_date, d.age_band, d.education, d.occupation, d.income_band,
       d.phone, d.id_number, d.province, d.city, d.address, d.segment, d.tier, d.source_ids, c.rfm_segment, d.churn_risk_band, c.value_tier,
       c.switch_at, d.valid_to, true, d.batch_id
FROM dw.dim_customer d JOIN mining_change c ON c.customer_key = d.customer_key
WHERE NOT c.first_scores;

UPDATE dw.dim_customer d SET valid_to = c.switch_at, is_current = false
FROM mining_change c WHERE d.customer_key = c.customer_key AND NOT c.first_scores;

SELECT count(*) FILTER (first_scores) AS filled, count(*) FILTER (NOT first_scores) AS new_versions FROM mining_change;
