-- How many pairs the mode allows among all records, without forming them: records on different sides pair up,
-- where a side is the source (link-only) or the record itself (dedupe); n records with n_s per side give
-- (n² − Σ n_s²) / 2 pairs.
SELECT ((sum(n) * sum(n) - sum(n * n)) // 2)::BIGINT
FROM (SELECT count(*) AS n FROM {{input}} GROUP BY {{side}});
