-- Customers per churn-risk band with the band's mean risk, as `crmw mine churn` prints them.
SELECT churn_risk_band, count(*) AS customers, avg(churn_risk) AS mean_risk
FROM customer_value
WHERE as_of = $as_of
GROUP BY ALL
ORDER BY mean_risk DESC
