-- replaces checksum 0209d0594400556dd623d46c77dc16d420caaa46284f7cc09b65a72c33b480ae
-- Defined clean.simplified (traditional → simplified characters in names), which now lives in the repeatable
-- cleaning script etl/CrmWarehouse.Etl/Clean/clean.sql (see 0005).
SELECT 'clean.simplified moved to Clean/clean.sql' AS note;
