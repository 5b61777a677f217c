-- The source records merged into the customer and why (match.link_evidence): levels and weights, no compared values.
SELECT record_id, source, linked_through, fields, prior_weight, total_weight, probability,
       threshold_weight, threshold_probability, batch_id
FROM link_evidence
WHERE customer_id = $id
ORDER BY record_id
