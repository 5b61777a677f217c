-- The legacy deposit export names products, not codes; its dates come in the teller terminals' mixed formats.
INSERT INTO staging.prepared.account_raw
SELECT 'reference', 'legacy_deposits', source_key, clean.text(账号), 'reference:' || clean.text(客户号), NULL, clean.text(产品名称),
       NULL, 开户日期, 销户日期, clean.text(状态) = '销户', NULL
FROM staging.reference_legacy_deposits;
