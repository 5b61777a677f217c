-- Customers and profit by value tier (the 80/20 tiers the mining stage assigns from the Pareto ranking).
SELECT value_tier, count(*) AS customers, sum(profit) AS profit,
       sum(profit) / nullif(sum(sum(profit)) OVER (), 0) AS profit_share,
       count(*) / sum(count(*)) OVER () AS customer_share, avg(clv) AS mean_clv
FROM customer_value
WHERE as_of = $as_of
GROUP BY ALL
ORDER BY profit DESC
