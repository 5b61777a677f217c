-- The relations a role's views can be made over: every table of the warehouse's own schemas, with its columns in
-- order. The role schemas themselves, the in-memory staging database and the system schemas are left out.
SELECT t.schema_name, t.table_name, c.column_name, c.data_type
FROM duckdb_tables() t
JOIN duckdb_columns() c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database()
  AND t.schema_name NOT LIKE 'role\_%' ESCAPE '\'
  AND t.schema_name NOT IN ('information_schema', 'pg_catalog', 'main')
  AND NOT t.temporary
ORDER BY t.schema_name, t.table_name, c.column_index
