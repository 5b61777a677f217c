-- The scores as SCD2 attributes of dw.dim_customer (rfm_segment, churn_risk_band, value_tier), from the as-of date's
-- customer_value. Only the latest scored date writes back. A current version never scored (opened by a load) takes the
-- scores in place; a version whose scores change is closed at the end of the as-of day and a copy with the new scores
-- opened, so facts keep resolving to the version they were loaded with. Unchanged customers are not touched.
CREATE OR REPLACE TEMP TABLE m_score_change AS
SELECT d.customer_key, d.customer_id, v.rfm_segment, v.churn_risk_band, v.value_tier,
       d.rfm_segment IS NULL AND d.churn_risk_band IS NULL AND d.value_tier IS NULL AS never_scored,
       greatest(($as_of + INTERVAL 1 DAY)::TIMESTAMPTZ, d.valid_from + INTERVAL 1 SECOND) AS change_at
FROM dw.dim_customer d
JOIN mart.customer_value v ON v.customer_id = d.customer_id AND v.as_of = $as_of
WHERE d.is_current AND d.customer_key > 0
  AND $as_of >= (SELECT max(as_of) FROM mart.customer_value)
  AND (d.rfm_segment IS DISTINCT FROM v.rfm_segment OR d.churn_risk_band IS DISTINCT FROM v.churn_risk_band
       OR d.value_tier IS DISTINCT FROM v.value_tier);

UPDATE dw.dim_customer d SET rfm_segment = s.rfm_segment, churn_risk_band = s.churn_risk_band, value_tier = s.value_tier
FROM m_score_change s WHERE d.customer_key = s.customer_key AND s.never_scored;

UPDATE dw.dim_customer d SET valid_to = s.change_at, is_current = false
FROM m_score_change s WHERE d.customer_key = s.customer_key AND NOT s.never_scored;

INSERT INTO dw.dim_customer (customer_key, customer_id, name, gender, birth_date, age_band, education, occupation, income_band, phone,
                             id_number, province, city, address, segment, tier, source_ids, rfm_segment, churn_risk_band, value_tier,
                             valid_from, valid_to, is_current, batch_id)
SELECT (SELECT max(customer_key) FROM dw.dim_customer) + row_number() OVER (ORDER BY d.customer_id) AS customer_key, d.customer_id, d.name, d.gender, d.birth_date, d.age_band, d.education, d.occupation,
       d.income_band, d.phone, d.id_number, d.province, d.city, d.address, d.segment, d.tier, d.source_ids,
       s.rfm_segment, s.churn_risk_band, s.value_tier, s.change_at, TIMESTAMPTZ '9999-12-31 00:00:00+00', true, d.batch_id
FROM m_score_change s JOIN dw.dim_customer d ON d.customer_key = s.customer_key
WHERE NOT s.never_scored;
