-- Labels this round changed; zero means every component carries its smallest record id.
SELECT count(*)
FROM match_next AS x
JOIN {{clusters}} AS c USING (record_id)
WHERE x.cluster_id <> c.cluster_id;
