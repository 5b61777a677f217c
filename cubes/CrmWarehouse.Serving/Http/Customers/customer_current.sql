-- The golden customer's current version as the role's view shows it (masked unless the role sees personal data),
-- with how many versions its history has.
SELECT customer_id, name, gender, birth_date, age_band, education, occupation, income_band, phone, id_number,
       province, city, address, segment, tier, source_ids, rfm_segment, churn_risk_band, value_tier, valid_from,
       (SELECT count(*) FROM dim_customer AS v WHERE v.customer_id = $id) AS versions
FROM dim_customer
WHERE customer_id = $id AND is_current
