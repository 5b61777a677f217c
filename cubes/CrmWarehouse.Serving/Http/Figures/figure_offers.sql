-- How often each product line is a customer's first next best offer, as `crmw mine rules` prints it.
SELECT offer, count(*) AS customers, avg(confidence) AS mean_confidence, avg(lift) AS mean_lift
FROM next_best_offer
WHERE as_of = $as_of AND rank = 1
GROUP BY ALL
ORDER BY customers DESC
