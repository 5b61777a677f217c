-- Month-end balances of the customer's accounts over time, by product category (fact_balance_month: a snapshot, so
-- months are shown side by side, never summed over time).
SELECT d.date AS month_end, p.category, sum(f.balance) AS balance, count(*) AS accounts
FROM fact_balance_month AS f
JOIN dim_date AS d ON d.date_key = f.month_key
JOIN dim_product AS p USING (product_key)
WHERE f.customer_id = $id
GROUP BY ALL
ORDER BY month_end, p.category
