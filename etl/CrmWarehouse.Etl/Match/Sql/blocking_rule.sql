-- One blocking rule: the pairs of records that satisfy it, each pair once, oriented by the mode's pair filter.
SELECT l.record_id AS id_l, r.record_id AS id_r, {{rule_number}} AS rule
FROM {{input}} AS l
JOIN {{input}} AS r ON ({{rule}}) AND {{pair_filter}}
