-- Wealth & CRM clients: names sometimes traditional or with stray spaces, gender 男/女, some 15-digit IDs, no birth date
-- (it comes from the ID), phones with spaces.
INSERT INTO customer_raw
SELECT 'wealth', 'clients', source_key, 3, client_name, gender, NULL, id_no, phone,
       NULL, NULL, NULL, clean.text(branch_code), clean.text(education), clean.text(occupation), NULL, TRY_CAST(updated_at AS TIMESTAMP)
FROM staging.wealth_clients;
