-- Card transactions: purchases, amounts in fen (integer hundredths), merchant category code as the type.
INSERT INTO staging.prepared.txn_raw
SELECT 'cards', 'card_transactions', source_key, clean.text(card_no), TRY_CAST(txn_time AS TIMESTAMP), txn_time::VARCHAR,
       clean.fen_to_yuan(TRY_CAST(amount_fen AS BIGINT)), amount_fen::VARCHAR, 'out',
       clean.text(channel_code), NULL, 0, clean.text(mcc)
FROM staging.cards_card_transactions;
