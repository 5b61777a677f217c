-- The one writer of customer history (dw.dim_customer as SCD type 2). The caller fills the temp table
-- customer_new_version with each customer's new version: customer_id, valid_from, batch_id and any of dim_customer's
-- attribute columns, by name (a column it leaves out is NULL in the new version). A customer's current version, if
-- there is one, is closed where the new one starts; the new version is then the current one.

UPDATE dw.dim_customer d SET valid_to = v.valid_from, is_current = false
FROM customer_new_version v WHERE d.customer_id = v.customer_id AND d.is_current AND d.customer_key <> 0;

-- Keys follow the customer id (the unknown member 0 is always there), not the order parallel threads insert in:
-- the same sources give the same keys.
INSERT INTO dw.dim_customer BY NAME
SELECT v.*,
       (SELECT max(customer_key) FROM dw.dim_customer) + row_number() OVER (ORDER BY v.customer_id) AS customer_key,
       TIMESTAMPTZ '9999-12-31 00:00:00+00' AS valid_to, true AS is_current
FROM customer_new_version v;
