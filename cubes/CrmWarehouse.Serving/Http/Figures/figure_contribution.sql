-- Share of revenue and profit by member of each dimension (segment, product, category, channel, branch, city), as `crmw mine contribution`.
SELECT dimension, member, customers, transactions, revenue, profit, revenue_share, profit_share
FROM contribution
WHERE as_of = $as_of
ORDER BY dimension, profit DESC
