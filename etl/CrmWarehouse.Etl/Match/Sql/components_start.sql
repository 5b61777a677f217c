-- Connected components by label propagation: every record starts as its own cluster, labelled by its own id;
-- edges go both ways.
CREATE SCHEMA IF NOT EXISTS match;
CREATE OR REPLACE TEMP TABLE match_edges AS
SELECT id_l AS a, id_r AS b FROM {{pairs}}
UNION ALL
SELECT id_r, id_l FROM {{pairs}};
CREATE OR REPLACE TABLE {{clusters}} AS
SELECT DISTINCT record_id, record_id AS cluster_id FROM {{nodes}};
