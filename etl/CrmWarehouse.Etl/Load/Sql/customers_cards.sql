-- Card system cardholders: surname and given name apart, gender 1/2, birth as YYYYMMDD text, 11-digit mobile.
INSERT INTO customer_raw
SELECT 'cards', 'cardholders', source_key, 2, coalesce(surname, '') || coalesce(given_name, ''), gender::VARCHAR, birth_ymd::VARCHAR,
       id_no, mobile::VARCHAR, address, NULL, clean.text(card_level), NULL,
       NULL, NULL, (TRY_CAST(annual_income AS BIGINT) / 12)::INTEGER, TRY_CAST(updated_at AS TIMESTAMP)
FROM staging.cards_cardholders;
