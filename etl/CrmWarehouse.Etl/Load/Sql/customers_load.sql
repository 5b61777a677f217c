-- Golden customers (match.golden_records, one per golden id, attributes chosen by survivorship) into dw.dim_customer
-- as SCD type 2. A change of tier, address, phone or segment closes the current version and opens a new one, valid
-- from when the source changed (the latest updated_at among the customer's records); other attributes are corrected
-- in place. A customer's first version is valid from 1900-01-01, so that its whole history finds it. A change whose
-- source gives no time is taken as known from the close of the batch's business day ($as_of), never the wall clock.

CREATE OR REPLACE TEMP TABLE customer_incoming AS
SELECT golden_id AS customer_id, name, gender, birth_date,
       CASE WHEN birth_date IS NULL THEN 'unknown'
            WHEN date_diff('year', birth_date, $as_of) < 19 THEN '18岁及以下'
            WHEN date_diff('year', birth_date, $as_of) < 30 THEN '19-29岁'
            WHEN date_diff('year', birth_date, $as_of) < 40 THEN '30-39岁'
            WHEN date_diff('year', birth_date, $as_of) < 60 THEN '40-59岁'
            ELSE '60岁及以上' END AS age_band,
       education, occupation,
       CASE WHEN monthly_income IS NULL THEN 'unknown' WHEN monthly_income < 3000 THEN '<3千' WHEN monthly_income < 5000 THEN '3-5千'
            WHEN monthly_income < 10000 THEN '5千-1万' WHEN monthly_income < 20000 THEN '1-2万' WHEN monthly_income < 50000 THEN '2-5万'
            ELSE '5万以上' END AS income_band,
       phone, id_number, province, city, address, coalesce(segment, 'retail') AS segment, coalesce(tier, '普通') AS tier,
       record_ids AS source_ids, coalesce(updated_at, ($as_of + INTERVAL 1 DAY)::TIMESTAMP) AS changed_at
FROM match.golden_records;

-- Customers whose tracked attributes changed get a new version from the change.
CREATE OR REPLACE TEMP TABLE customer_changed AS
SELECT d.customer_key, i.customer_id, greatest(i.changed_at::TIMESTAMPTZ, d.valid_from + INTERVAL 1 SECOND) AS change_at
FROM dw.dim_customer d JOIN customer_incoming i USING (customer_id)
WHERE d.is_current AND d.customer_key <> 0
  AND (d.tier IS DISTINCT FROM i.tier OR d.address IS DISTINCT FROM i.address
       OR d.phone IS DISTINCT FROM i.phone OR d.segment IS DISTINCT FROM i.segment);

-- The new versions (customers seen for the first time, and the changed ones), written by the one customer-history
-- writer after this script (Warehouse/Star/customer_history.sql). A first version is valid from 1900-01-01.
CREATE OR REPLACE TEMP TABLE customer_new_version AS
SELECT i.* EXCLUDE (changed_at), coalesce(c.change_at, TIMESTAMPTZ '1900-01-01 00:00:00+00') AS valid_from, $batch AS batch_id
FROM customer_incoming i
LEFT JOIN customer_changed c USING (customer_id)
WHERE c.customer_id IS NOT NULL
   OR NOT EXISTS (SELECT 1 FROM dw.dim_customer d WHERE d.customer_id = i.customer_id);

-- Corrections that do not make history (a fixed name, a birth date learnt from the ID, merged source ids), made in
-- place on the current version of a customer that gets no new one (a new version takes every incoming value).
UPDATE dw.dim_customer d
SET name = i.name, gender = i.gender, birth_date = i.birth_date, age_band = i.age_band, id_number = i.id_number,
    education = i.education, occupation = i.occupation, income_band = i.income_band,
    province = i.province, city = i.city, source_ids = i.source_ids, batch_id = $batch
FROM customer_incoming i
WHERE d.customer_id = i.customer_id AND d.is_current
  AND i.customer_id NOT IN (SELECT customer_id FROM customer_new_version)
  AND (d.name IS DISTINCT FROM i.name OR d.gender IS DISTINCT FROM i.gender OR d.birth_date IS DISTINCT FROM i.birth_date
       OR d.education IS DISTINCT FROM i.education OR d.occupation IS DISTINCT FROM i.occupation OR d.income_band IS DISTINCT FROM i.income_band
       OR d.id_number IS DISTINCT FROM i.id_number OR d.city IS DISTINCT FROM i.city OR d.source_ids IS DISTINCT FROM i.source_ids);

-- Accounting: a record is loaded as part of its golden customer, or merged when its customer already has an
-- earlier record from the same system (a duplicate inside one system).
INSERT INTO stage_accounting
SELECT source, source_table,
       count(*) FILTER (rank_in_source = 1), 0, count(*) FILTER (rank_in_source > 1)
FROM (
    SELECT r.source, r.source_table,
           row_number() OVER (PARTITION BY g.golden_id, r.source ORDER BY r.record_id) AS rank_in_source
    FROM customer_record r JOIN match.golden_ids g USING (record_id)
    WHERE r.source_table <> 'legacy_deposits'
)
GROUP BY ALL;
