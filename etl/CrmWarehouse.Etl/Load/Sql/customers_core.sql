-- Core banking customers: name in one column, gender M/F, DATE (or ISO text) birth date, phones like +86 138-1234-5678.
INSERT INTO customer_raw
SELECT 'core', 'customers', source_key, 1, cust_name, gender, birth_date::VARCHAR, id_no, phone,
       address, lower(clean.text(segment)), clean.text(tier), clean.text(branch_code),
       clean.text(education), clean.text(occupation), TRY_CAST(monthly_income AS INTEGER), TRY_CAST(updated_at AS TIMESTAMP)
FROM staging.core_customers;
