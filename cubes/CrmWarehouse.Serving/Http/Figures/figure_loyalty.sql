-- Loyalty index (0–100) of the scored customers in bands of 10, with each band's mean: the distribution `crmw mine loyalty` summarises.
SELECT least(floor(loyalty_index / 10), 9)::INTEGER * 10 AS band_from, count(*) AS customers,
       avg(loyalty_index) AS mean_loyalty, avg(tenure_months) AS mean_tenure_months, avg(products_held) AS mean_products
FROM customer_value
WHERE as_of = $as_of
GROUP BY ALL
ORDER BY band_from
