-- Reference data (the CSV files of the reference source) into the type-1 dimensions dim_branch, dim_product and
-- dim_channel: a member keeps its key, its attributes take the latest values (a member sent again unchanged is left
-- as it is, batch id included); new members get the next keys.
-- Rows with a code missing, or a number that does not parse, are rejected with their raw value.

-- Branches ------------------------------------------------------------------------------------------------------
CREATE OR REPLACE TEMP TABLE clean_branch AS
SELECT source_key, clean.text(branch_code) AS code, clean.text(branch_name) AS name, clean.text(region_name) AS region,
       clean.text(city) AS city, clean.text(province) AS province,
       CASE lower(clean.text(urban_rural)) WHEN 'urban' THEN 'urban' WHEN 'rural' THEN 'rural' END AS area_type
FROM staging.reference_branches;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value)
SELECT $batch, 'reference', 'branches', source_key, 'code_missing', 'branch_code', NULL FROM clean_branch WHERE code IS NULL;

INSERT INTO dw.dim_branch (branch_key, code, name, region, city, province, area_type, batch_id)
SELECT (SELECT max(branch_key) FROM dw.dim_branch) + row_number() OVER (ORDER BY c.code),
       c.code, c.name, c.region, c.city, c.province, c.area_type, $batch
FROM clean_branch c
WHERE c.code IS NOT NULL
ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, city = excluded.city,
    province = excluded.province, area_type = excluded.area_type, batch_id = excluded.batch_id
WHERE (dim_branch.name, dim_branch.region, dim_branch.city, dim_branch.province, dim_branch.area_type)
      IS DISTINCT FROM (excluded.name, excluded.region, excluded.city, excluded.province, excluded.area_type);

INSERT INTO stage_accounting
SELECT 'reference', 'branches', count(*) FILTER (code IS NOT NULL), count(*) FILTER (code IS NULL), 0 FROM clean_branch;

-- Products (customer rate, FTP rate of the latest month, both as fractions) -------------------------------------
CREATE OR REPLACE TEMP TABLE clean_product AS
SELECT source_key, clean.text(product_code) AS code, clean.text(product_name) AS name, clean.text(category) AS category,
       clean.text(subcategory) AS subcategory, clean.text(risk_level) AS risk_level,
       rate_pct AS raw_rate, TRY_CAST(clean.text(rate_pct) AS DECIMAL(9,4)) / 100 AS customer_rate
FROM staging.reference_products;

CREATE OR REPLACE TEMP TABLE clean_ftp AS
SELECT source_key, clean.text(product_code) AS code, clean.text(month) AS month, ftp_rate_pct AS raw_rate,
       TRY_CAST(clean.text(ftp_rate_pct) AS DECIMAL(9,4)) / 100 AS ftp_rate
FROM staging.reference_ftp_rates;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value)
SELECT $batch, 'reference', 'products', source_key,
       CASE WHEN code IS NULL THEN 'code_missing' ELSE 'rate_not_a_number' END,
       CASE WHEN code IS NULL THEN 'product_code' ELSE 'rate_pct' END, CASE WHEN code IS NULL THEN NULL ELSE raw_rate END
FROM clean_product WHERE code IS NULL OR (raw_rate IS NOT NULL AND customer_rate IS NULL);

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value)
SELECT $batch, 'reference', 'ftp_rates', source_key, 'rate_not_a_number', 'ftp_rate_pct', raw_rate
FROM clean_ftp WHERE code IS NULL OR ftp_rate IS NULL;

INSERT INTO dw.dim_product (product_key, code, name, category, subcategory, customer_rate, ftp_rate, risk_level, batch_id)
SELECT (SELECT max(product_key) FROM dw.dim_product) + row_number() OVER (ORDER BY p.code),
       p.code, p.name, p.category, p.subcategory, p.customer_rate,
       (SELECT arg_max(f.ftp_rate, f.month) FROM clean_ftp f WHERE f.code = p.code AND f.ftp_rate IS NOT NULL),
       p.risk_level, $batch
FROM clean_product p
WHERE p.code IS NOT NULL AND (p.raw_rate IS NULL OR p.customer_rate IS NOT NULL)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, category = excluded.category, subcategory = excluded.subcategory,
    customer_rate = excluded.customer_rate, ftp_rate = excluded.ftp_rate, risk_level = excluded.risk_level, batch_id = excluded.batch_id
WHERE (dim_product.name, dim_product.category, dim_product.subcategory, dim_product.customer_rate, dim_product.ftp_rate, dim_product.risk_level)
      IS DISTINCT FROM (excluded.name, excluded.category, excluded.subcategory, excluded.customer_rate, excluded.ftp_rate, excluded.risk_level);

-- Monthly FTP rates stay available to profitability at month grain.
INSERT INTO dw.ftp_rate_month
SELECT p.product_key, strptime(f.month || '-01', '%Y-%m-%d')::DATE, f.ftp_rate, $batch
FROM clean_ftp f JOIN dw.dim_product p ON p.code = f.code
WHERE f.ftp_rate IS NOT NULL AND try_strptime(f.month || '-01', '%Y-%m-%d') IS NOT NULL
ON CONFLICT (product_key, month) DO UPDATE SET ftp_rate = excluded.ftp_rate, batch_id = excluded.batch_id
WHERE ftp_rate_month.ftp_rate IS DISTINCT FROM excluded.ftp_rate;

INSERT INTO stage_accounting
SELECT 'reference', 'products', count(*) FILTER (code IS NOT NULL AND (raw_rate IS NULL OR customer_rate IS NOT NULL)),
       count(*) FILTER (NOT (code IS NOT NULL AND (raw_rate IS NULL OR customer_rate IS NOT NULL))), 0
FROM clean_product;
INSERT INTO stage_accounting
SELECT 'reference', 'ftp_rates', count(*) FILTER (code IS NOT NULL AND ftp_rate IS NOT NULL),
       count(*) FILTER (code IS NULL OR ftp_rate IS NULL), 0
FROM clean_ftp;

-- Channels --------------------------------------------------------------------------------------------------------
CREATE OR REPLACE TEMP TABLE clean_channel AS
SELECT source_key, clean.text(channel_code) AS code, clean.text(channel_name) AS name, lower(clean.text(channel_type)) AS type,
       cost_per_txn AS raw_cost, TRY_CAST(clean.text(cost_per_txn) AS DECIMAL(9,4)) AS cost
FROM staging.reference_channels;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value)
SELECT $batch, 'reference', 'channels', source_key,
       CASE WHEN code IS NULL THEN 'code_missing' ELSE 'cost_not_a_number' END,
       CASE WHEN code IS NULL THEN 'channel_code' ELSE 'cost_per_txn' END, raw_cost
FROM clean_channel WHERE code IS NULL OR (raw_cost IS NOT NULL AND cost IS NULL);

INSERT INTO dw.dim_channel (channel_key, code, name, type, cost_per_txn, batch_id)
SELECT (SELECT max(channel_key) FROM dw.dim_channel) + row_number() OVER (ORDER BY c.code),
       c.code, c.name, c.type, c.cost, $batch
FROM clean_channel c
WHERE c.code IS NOT NULL AND (c.raw_cost IS NULL OR c.cost IS NOT NULL)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, cost_per_txn = excluded.cost_per_txn, batch_id = excluded.batch_id
WHERE (dim_channel.name, dim_channel.type, dim_channel.cost_per_txn) IS DISTINCT FROM (excluded.name, excluded.type, excluded.cost_per_txn);

INSERT INTO stage_accounting
SELECT 'reference', 'channels', count(*) FILTER (code IS NOT NULL AND (raw_cost IS NULL OR cost IS NOT NULL)),
       count(*) FILTER (NOT (code IS NOT NULL AND (raw_cost IS NULL OR cost IS NOT NULL))), 0
FROM clean_channel;
