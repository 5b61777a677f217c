-- Distinct comparison vectors and how many pairs share each: EM works on these, not on the pairs.
SELECT {{gamma_columns}}, count(*) AS pairs
FROM {{table}}
GROUP BY ALL;
