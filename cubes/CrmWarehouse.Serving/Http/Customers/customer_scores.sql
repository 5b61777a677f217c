-- The customer's scores of the latest published mining run (value tier, RFM, loyalty, profitability, CLV, churn risk).
SELECT * EXCLUDE (customer_key)
FROM customer_value
WHERE customer_id = $id
  AND as_of = (SELECT max(as_of) FROM mining_run WHERE status = 'published')
