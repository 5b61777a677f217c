-- Card accounts: status '1' open, '0' closed.
INSERT INTO staging.prepared.account_raw
SELECT 'cards', 'cards', source_key, clean.text(card_no), 'cards:' || clean.text(holder_id::VARCHAR), clean.text(product_code), NULL,
       clean.text(branch_code), issue_date::VARCHAR, close_date::VARCHAR, clean.text(status::VARCHAR) = '0', close_reason
FROM staging.cards_cards;
