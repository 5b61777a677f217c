INSERT INTO staging.prepared.account_raw
SELECT 'core', 'accounts', source_key, clean.text(account_no), 'core:' || clean.text(cust_no), clean.text(product_code), NULL,
       clean.text(branch_code), open_date::VARCHAR, close_date::VARCHAR, upper(clean.text(status)) = 'CLOSED', close_reason
FROM staging.core_accounts;
