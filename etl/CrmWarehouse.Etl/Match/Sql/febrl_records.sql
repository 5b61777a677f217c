-- The matcher's input: the raw records plus the ground truth, the entity number N of rec-N-org / rec-N-dup-k.
CREATE OR REPLACE TABLE {{records}} AS
SELECT *, regexp_extract(record_id, '^rec-(\d+)-', 1) AS entity
FROM febrl_raw;
DROP TABLE febrl_raw;
