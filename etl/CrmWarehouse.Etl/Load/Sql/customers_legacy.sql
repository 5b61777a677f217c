-- The legacy deposit export holds customers only on its account rows (客户号 repeats per account): one record per
-- customer number, from its latest-opened account row.
INSERT INTO customer_raw
SELECT 'reference', 'legacy_deposits', 客户号, 4, arg_max(户名, clean.date_any(开户日期)), arg_max(性别, clean.date_any(开户日期)), NULL,
       arg_max(证件号码, clean.date_any(开户日期)), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, max(clean.date_any(开户日期))::TIMESTAMP
FROM staging.reference_legacy_deposits
WHERE clean.text(客户号) IS NOT NULL
GROUP BY 客户号;
