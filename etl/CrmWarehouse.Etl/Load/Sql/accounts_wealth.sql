-- Wealth-management subscriptions are held like accounts: 持有 held, 已赎回 redeemed.
INSERT INTO staging.prepared.account_raw
SELECT 'wealth', 'subscriptions', source_key, clean.text(sub_no), 'wealth:' || clean.text(client_id), clean.text(product_code), NULL,
       NULL, start_date::VARCHAR, end_date::VARCHAR, clean.text(status) = '已赎回', close_reason
FROM staging.wealth_subscriptions;
