CREATE OR REPLACE TABLE {{clusters}} AS SELECT record_id, cluster_id FROM match_next;
