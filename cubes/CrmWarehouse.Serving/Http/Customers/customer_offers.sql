-- The customer's next best offers of the latest published mining run, best first.
SELECT as_of, rank, offer, confidence, lift, because
FROM next_best_offer
WHERE customer_id = $id
  AND as_of = (SELECT max(as_of) FROM mining_run WHERE status = 'published')
ORDER BY rank
