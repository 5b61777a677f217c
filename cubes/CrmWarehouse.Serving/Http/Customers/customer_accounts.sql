-- The customer's accounts (numbers masked unless the role sees personal data) with product and branch.
SELECT a.account_key, a.account_number, a.source, p.code AS product, p.name AS product_name, p.category,
       b.code AS branch, b.name AS branch_name, a.open_date, a.close_date, a.status, a.close_reason
FROM dim_account AS a
LEFT JOIN dim_product AS p USING (product_key)
LEFT JOIN dim_branch AS b USING (branch_key)
WHERE a.customer_id = $id
ORDER BY a.open_date NULLS LAST, a.account_key
