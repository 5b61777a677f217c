-- The rules every customer record goes through, whatever its source, evaluated once per record before the publish
-- transaction (customers_rules.sql then writes the rejects and the records). A record without a usable name is
-- rejected; every other failed rule repairs the record (the value dropped, or taken from the resident ID, which
-- carries birth date and gender and wins when they disagree) and is listed in issues with its raw value.
CREATE OR REPLACE TEMP TABLE customer_checked AS
WITH cleaned AS (
    SELECT *,
        clean.simplified(clean.person_name(raw_name)) AS name,
        clean.id_number(raw_id) AS id_number,
        clean.id_number_problem(raw_id) AS id_problem,
        clean.gender(raw_gender) AS stated_gender,
        clean.date_any(raw_birth) AS stated_birth,
        clean.phone(raw_phone) AS phone,
        clean.text(clean.halfwidth(address)) AS clean_address
    FROM customer_raw
)
SELECT *,
    CASE WHEN id_number IS NOT NULL THEN clean.id_gender(id_number) ELSE stated_gender END AS gender,
    CASE WHEN id_number IS NOT NULL THEN clean.id_birth_date(id_number)
         WHEN stated_birth > $as_of THEN NULL ELSE stated_birth END AS birth_date,
    -- A rejected record carries only the rule that rejected it; a kept one every rule it failed.
    CASE WHEN name IS NULL THEN [{'rule': 'name_missing', 'column': 'name', 'raw': raw_name, 'action': 'rejected'}] ELSE list_filter([
        CASE WHEN id_problem IS NOT NULL AND id_problem <> 'missing' THEN {'rule': 'id_' || id_problem, 'column': 'id_number', 'raw': raw_id, 'action': 'repaired'} END,
        CASE WHEN length(regexp_replace(clean.halfwidth(raw_id), '\s', '', 'g')) = 15 AND id_number IS NOT NULL THEN {'rule': 'id_15_digit_upgraded', 'column': 'id_number', 'raw': raw_id, 'action': 'repaired'} END,
        CASE WHEN clean.text(raw_gender) IS NOT NULL AND stated_gender IS NULL THEN {'rule': 'gender_unknown_code', 'column': 'gender', 'raw': raw_gender, 'action': 'repaired'} END,
        CASE WHEN id_number IS NOT NULL AND stated_gender <> clean.id_gender(id_number) THEN {'rule': 'gender_conflicts_id', 'column': 'gender', 'raw': raw_gender, 'action': 'repaired'} END,
        CASE WHEN clean.text(raw_birth) IS NOT NULL AND stated_birth IS NULL THEN {'rule': 'birth_date_unparseable', 'column': 'birth_date', 'raw': raw_birth, 'action': 'repaired'} END,
        CASE WHEN stated_birth > $as_of THEN {'rule': 'birth_date_in_future', 'column': 'birth_date', 'raw': raw_birth, 'action': 'repaired'} END,
        CASE WHEN source IN ('core', 'cards') AND clean.text(raw_birth) IS NULL THEN {'rule': 'birth_date_missing', 'column': 'birth_date', 'raw': NULL, 'action': 'repaired'} END,
        CASE WHEN id_number IS NOT NULL AND stated_birth <> clean.id_birth_date(id_number) THEN {'rule': 'birth_date_conflicts_id', 'column': 'birth_date', 'raw': raw_birth, 'action': 'repaired'} END,
        CASE WHEN clean.text(raw_phone) IS NOT NULL AND phone IS NULL THEN {'rule': 'phone_invalid', 'column': 'phone', 'raw': raw_phone, 'action': 'repaired'} END,
        CASE WHEN source IN ('core', 'cards', 'wealth') AND clean.text(raw_phone) IS NULL THEN {'rule': 'phone_missing', 'column': 'phone', 'raw': NULL, 'action': 'repaired'} END
    ], issue -> issue IS NOT NULL) END AS issues
FROM cleaned;
