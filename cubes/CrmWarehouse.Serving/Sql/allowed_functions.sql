-- The functions ad-hoc SQL may call: DuckDB's built-in scalar, aggregate and macro functions, less every one that
-- reads files, other databases, settings, variables, secrets, logs or the environment, changes state (sequences, the
-- random seed, logs) or runs SQL of its own. allowed_functions.txt is this query's answer on the DuckDB in use, reviewed;
-- a test fails when DuckDB's answer changes, so a new DuckDB function is allowed only after someone has read it.
SELECT DISTINCT lower(function_name) AS name
FROM duckdb_functions()
WHERE internal
  AND schema_name = 'main'
  AND function_type IN ('scalar', 'aggregate', 'macro')
  AND NOT regexp_matches(lower(function_name),
      '^(read_|glob|sniff_|parquet_|iceberg_|delta_|sqlite_|postgres_|mysql_|duckdb_|pragma_|__internal_|getenv|query'
      || '|json_(serialize|deserialize|execute)|current_setting|getvariable|nextval|currval|setval|setseed|sleep'
      || '|write_|parse_duckdb_log|in_search_path|get_block_size|checkpoint|force_checkpoint|enable_|disable_'
      || '|truncate_|test_|load|install)|secret|_scan$')
ORDER BY name
