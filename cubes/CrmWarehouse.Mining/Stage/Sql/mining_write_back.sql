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

-- The others get a new version, a copy of the current one with the new scores, written by the one customer-history
-- writer after this script (Warehouse/Star/customer_history.sql).
CREATE OR REPLACE TEMP TABLE customer_new_version AS
SELECT d.* EXCLUDE (customer_key, valid_from, valid_to, is_current, rfm_segment, churn_risk_band, value_tier),
       s.rfm_segment, s.churn_risk_band, s.value_tier, s.change_at AS valid_from
FROM m_score_change s JOIN dw.dim_customer d ON d.customer_key = s.customer_key
WHERE NOT s.never_scored;
