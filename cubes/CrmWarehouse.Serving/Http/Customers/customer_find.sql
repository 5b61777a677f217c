-- Golden customers whose id is the text asked for, or, for a role that sees personal data in clear ($personal), whose
-- name starts with it or whose resident ID number is it: the current version of each, as the role's view shows it.
SELECT customer_id, name, gender, age_band, city, segment, tier, value_tier
FROM dim_customer
WHERE is_current
  AND customer_id > 0
  AND (customer_id = TRY_CAST($q AS BIGINT)
       OR ($personal AND (starts_with(name, $q) OR id_number = upper($q))))
ORDER BY customer_id
LIMIT $limit
