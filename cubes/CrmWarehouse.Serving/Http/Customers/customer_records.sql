-- The source records merged into the customer with their own values, for a role that sees the raw records
-- (dw.customer_source_record: admin): the evidence beside what each system holds.
SELECT e.record_id, e.source, r.source_table, r.source_key, r.name, r.gender, r.birth_date, r.id_number, r.phone,
       r.address, r.city, r.branch_code, r.updated_at,
       e.linked_through, e.fields, e.prior_weight, e.total_weight, e.probability,
       e.threshold_weight, e.threshold_probability, e.batch_id
FROM link_evidence AS e
LEFT JOIN customer_source_record AS r USING (record_id)
WHERE e.customer_id = $id
ORDER BY e.record_id
