-- The tables an export carries: every base table of the star schema (dw) and the marts (mart), with how each is
-- split. A fact (dw.fact_*) goes by the year and month of its date key (month_key for the month-end snapshot), with
-- its batch id as the change marker; a table with an as_of date (the marts) goes by as_of; anything else is whole.
-- columns: every column name and type in order, so that a changed table is rewritten whole.
SELECT
    t.schema_name,
    t.table_name,
    CASE
        WHEN t.schema_name = 'dw' AND t.table_name LIKE 'fact\_%' ESCAPE '\'
             AND list_contains(list(c.column_name), 'batch_id')
             AND (list_contains(list(c.column_name), 'date_key') OR list_contains(list(c.column_name), 'month_key')) THEN 'month'
        WHEN list_contains(list(c.column_name) FILTER (WHERE c.data_type = 'DATE'), 'as_of') THEN 'as_of'
        ELSE 'whole'
    END AS split,
    CASE WHEN list_contains(list(c.column_name), 'date_key') THEN 'date_key' ELSE 'month_key' END AS date_column,
    string_agg(c.column_name || ' ' || c.data_type, ', ' ORDER BY c.column_index) AS columns
FROM duckdb_tables() t
JOIN duckdb_columns() c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database() AND t.schema_name IN ('dw', 'mart') AND NOT t.temporary
GROUP BY t.schema_name, t.table_name
ORDER BY t.schema_name, t.table_name;
