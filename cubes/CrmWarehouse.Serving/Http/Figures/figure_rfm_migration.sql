-- Customers moving between RFM segments from the previous scored date to this one, as `crmw mine rfm`.
SELECT from_as_of, from_segment, to_segment, customers
FROM rfm_migration
WHERE as_of = $as_of
ORDER BY from_segment, to_segment
