-- The catalogue as one role sees it, as temporary views of the session's own connection. Clients read pg_catalog and
-- information_schema to list what they may query; DuckDB's own views list every schema of the file (other roles'
-- views, the base tables, staging), so these shadow them and keep only the role's schemas ($schemas$, filled in by
-- PgCatalog.Install). Names and types are PostgreSQL's: atttypid is a pg_type OID (the one the session sends in a
-- RowDescription for that column, see PgType.For), not DuckDB's type id. Queries reach these because the session
-- drops the pg_catalog qualifier and renames information_schema.x to information_schema_x (PgCatalog.Rewrite), and
-- the gate lets a wire session read only these names, never DuckDB's pg_catalog or information_schema directly.
CREATE OR REPLACE TEMP VIEW pg_crmw_types AS
    SELECT * FROM (VALUES $types$) t(oid, typname, typlen, typbyval, typtype, typcategory, typelem, typarray, display, sqltype);

-- DuckDB's type names (duckdb_columns().data_type) to the OID the session sends a column of that type as.
CREATE OR REPLACE TEMP MACRO pg_crmw_scalar_oid(t) AS CASE
    WHEN t = 'BOOLEAN' THEN 16
    WHEN t IN ('TINYINT', 'SMALLINT', 'UTINYINT') THEN 21
    WHEN t IN ('INTEGER', 'USMALLINT') THEN 23
    WHEN t IN ('BIGINT', 'UINTEGER') THEN 20
    WHEN t IN ('UBIGINT', 'HUGEINT', 'UHUGEINT') OR t LIKE 'DECIMAL%' THEN 1700
    WHEN t = 'FLOAT' THEN 700
    WHEN t = 'DOUBLE' THEN 701
    WHEN t = 'JSON' THEN 114
    WHEN t = 'BLOB' THEN 17
    WHEN t = 'DATE' THEN 1082
    WHEN t = 'TIME' THEN 1083
    WHEN t = 'TIME WITH TIME ZONE' THEN 1266
    WHEN t IN ('TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS') THEN 1114
    WHEN t = 'TIMESTAMP WITH TIME ZONE' THEN 1184
    WHEN t = 'INTERVAL' THEN 1186
    WHEN t = 'UUID' THEN 2950
    WHEN t = 'VARCHAR' THEN 25
    ELSE 0 END;
CREATE OR REPLACE TEMP MACRO pg_crmw_type_oid(t) AS CASE
    WHEN t LIKE '%[]' AND NOT t LIKE '%[][]' AND pg_crmw_scalar_oid(left(t, length(t) - 2)) <> 0
        THEN (SELECT typarray FROM pg_crmw_types WHERE oid = pg_crmw_scalar_oid(left(t, length(t) - 2)))
    ELSE coalesce(nullif(pg_crmw_scalar_oid(t), 0), 25) END;
CREATE OR REPLACE TEMP MACRO pg_crmw_typmod(t, numeric_precision, numeric_scale) AS
    CASE WHEN t LIKE 'DECIMAL%' THEN numeric_precision * 65536 + numeric_scale + 4 ELSE -1 END;

CREATE OR REPLACE TEMP VIEW pg_namespace AS
    SELECT oid::BIGINT AS oid, schema_name AS nspname, 10::BIGINT AS nspowner, NULL::VARCHAR[] AS nspacl
    FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name IN ($schemas$)
    UNION ALL SELECT 11, 'pg_catalog', 10, NULL
    UNION ALL SELECT 13183, 'information_schema', 10, NULL;

CREATE OR REPLACE TEMP VIEW pg_type AS
    SELECT oid::BIGINT AS oid, typname, 11::BIGINT AS typnamespace, 10::BIGINT AS typowner, typlen::SMALLINT AS typlen, typbyval,
           typtype, typcategory, false AS typispreferred, true AS typisdefined, ',' AS typdelim, 0::BIGINT AS typrelid,
           CASE WHEN typcategory = 'A' THEN 'array_subscript_handler' ELSE '-' END AS typsubscript, typelem::BIGINT AS typelem,
           typarray::BIGINT AS typarray, CASE WHEN typcategory = 'A' THEN 'array_in' ELSE typname || 'in' END AS typinput,
           CASE WHEN typcategory = 'A' THEN 'array_out' ELSE typname || 'out' END AS typoutput,
           CASE WHEN typcategory = 'A' THEN 'array_recv' ELSE typname || 'recv' END AS typreceive,
           CASE WHEN typcategory = 'A' THEN 'array_send' ELSE typname || 'send' END AS typsend,
           '-' AS typmodin, '-' AS typmodout, '-' AS typanalyze, CASE WHEN typlen = 8 THEN 'd' ELSE 'i' END AS typalign,
           CASE WHEN typlen = -1 THEN 'x' ELSE 'p' END AS typstorage, false AS typnotnull, 0::BIGINT AS typbasetype, -1 AS typtypmod,
           0 AS typndims, CASE WHEN typcategory = 'S' THEN 100 ELSE 0 END::BIGINT AS typcollation, NULL::VARCHAR AS typdefaultbin,
           NULL::VARCHAR AS typdefault, NULL::VARCHAR[] AS typacl
    FROM pg_crmw_types;

CREATE OR REPLACE TEMP VIEW pg_class AS
    SELECT * REPLACE (oid::BIGINT AS oid, relnamespace::BIGINT AS relnamespace, 0::BIGINT AS reltype, 10::BIGINT AS relowner, 0::BIGINT AS relam,
                      NULL::VARCHAR[] AS relacl, NULL::VARCHAR[] AS reloptions, 'd' AS relreplident),
           false AS relforcerowsecurity
    FROM pg_catalog.pg_class WHERE relnamespace IN (SELECT oid FROM temp.main.pg_namespace);

CREATE OR REPLACE TEMP VIEW pg_attribute AS
    SELECT c.table_oid::BIGINT AS attrelid, c.column_name AS attname, pg_crmw_type_oid(c.data_type)::BIGINT AS atttypid, -1 AS attstattarget,
           coalesce(t.typlen, -1)::SMALLINT AS attlen, c.column_index::SMALLINT AS attnum, CASE WHEN c.data_type LIKE '%[]' THEN 1 ELSE 0 END AS attndims,
           -1 AS attcacheoff, pg_crmw_typmod(c.data_type, c.numeric_precision, c.numeric_scale) AS atttypmod, coalesce(t.typbyval, false) AS attbyval,
           'p' AS attstorage, 'i' AS attalign, NOT c.is_nullable AS attnotnull, c.column_default IS NOT NULL AS atthasdef, false AS atthasmissing,
           '' AS attidentity, '' AS attgenerated, false AS attisdropped, true AS attislocal, 0 AS attinhcount,
           CASE WHEN t.typcategory = 'S' THEN 100 ELSE 0 END::BIGINT AS attcollation, '' AS attcompression, NULL::VARCHAR[] AS attacl,
           NULL::VARCHAR[] AS attoptions, NULL::VARCHAR[] AS attfdwoptions, NULL::VARCHAR AS attmissingval
    FROM duckdb_columns() c LEFT JOIN pg_crmw_types t ON t.oid = pg_crmw_type_oid(c.data_type)
    WHERE c.database_name = current_database() AND c.schema_name IN ($schemas$);

CREATE OR REPLACE TEMP VIEW pg_attrdef AS
    SELECT (table_oid * 1000 + column_index)::BIGINT AS oid, table_oid::BIGINT AS adrelid, column_index::SMALLINT AS adnum, column_default AS adbin
    FROM duckdb_columns() WHERE column_default IS NOT NULL AND database_name = current_database() AND schema_name IN ($schemas$);

CREATE OR REPLACE TEMP VIEW pg_description AS
    SELECT table_oid::BIGINT AS objoid, 1259::BIGINT AS classoid, 0 AS objsubid, comment AS description
        FROM duckdb_tables() WHERE comment IS NOT NULL AND database_name = current_database() AND schema_name IN ($schemas$)
    UNION ALL SELECT view_oid, 1259, 0, comment
        FROM duckdb_views() WHERE comment IS NOT NULL AND database_name = current_database() AND schema_name IN ($schemas$)
    UNION ALL SELECT table_oid, 1259, column_index, comment
        FROM duckdb_columns() WHERE comment IS NOT NULL AND database_name = current_database() AND schema_name IN ($schemas$);

CREATE OR REPLACE TEMP VIEW pg_constraint AS
    SELECT (table_oid * 1000000 + constraint_index)::BIGINT AS oid, constraint_name AS conname, schema_oid::BIGINT AS connamespace,
           CASE constraint_type WHEN 'CHECK' THEN 'c' WHEN 'UNIQUE' THEN 'u' WHEN 'PRIMARY KEY' THEN 'p' WHEN 'FOREIGN KEY' THEN 'f' END AS contype,
           false AS condeferrable, false AS condeferred, true AS convalidated, table_oid::BIGINT AS conrelid, 0::BIGINT AS contypid,
           0::BIGINT AS conindid, 0::BIGINT AS conparentid, 0::BIGINT AS confrelid, ' ' AS confupdtype, ' ' AS confdeltype, ' ' AS confmatchtype,
           true AS conislocal, 0 AS coninhcount, false AS connoinherit, list_transform(constraint_column_indexes, i -> (i + 1)::SMALLINT) AS conkey,
           NULL::SMALLINT[] AS confkey, NULL::BIGINT[] AS conpfeqop, NULL::BIGINT[] AS conppeqop, NULL::BIGINT[] AS conffeqop,
           NULL::SMALLINT[] AS confdelsetcols, NULL::BIGINT[] AS conexclop, constraint_text AS conbin
    FROM duckdb_constraints()
    WHERE constraint_type IN ('CHECK', 'UNIQUE', 'PRIMARY KEY', 'FOREIGN KEY') AND database_name = current_database() AND schema_name IN ($schemas$);

-- Primary keys by table, for pgJDBC's getPrimaryKeys (its own query expands pg_index.indkey, which DuckDB cannot).
CREATE OR REPLACE TEMP VIEW pg_crmw_primary_keys AS
    SELECT schema_name AS table_schem, table_name, unnest(constraint_column_names) AS column_name,
           unnest(generate_series(1, len(constraint_column_names)))::SMALLINT AS key_seq, constraint_name AS pk_name
    FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database() AND schema_name IN ($schemas$);

CREATE OR REPLACE TEMP VIEW pg_index AS
    SELECT * FROM pg_catalog.pg_index WHERE indrelid IN (SELECT oid FROM temp.main.pg_class);
CREATE OR REPLACE TEMP VIEW pg_indexes AS SELECT * FROM pg_catalog.pg_indexes WHERE schemaname IN ($schemas$);
CREATE OR REPLACE TEMP VIEW pg_tables AS
    SELECT * REPLACE ('crmw' AS tableowner) FROM pg_catalog.pg_tables WHERE schemaname IN ($schemas$);
CREATE OR REPLACE TEMP VIEW pg_views AS
    SELECT * REPLACE ('crmw' AS viewowner) FROM pg_catalog.pg_views WHERE schemaname IN ($schemas$);
CREATE OR REPLACE TEMP VIEW pg_matviews AS
    SELECT NULL::VARCHAR AS schemaname, NULL::VARCHAR AS matviewname, NULL::VARCHAR AS matviewowner, NULL::VARCHAR AS tablespace,
           false AS hasindexes, true AS ispopulated, NULL::VARCHAR AS definition WHERE false;
CREATE OR REPLACE TEMP VIEW pg_proc AS
    SELECT * FROM pg_catalog.pg_proc WHERE pronamespace IN (SELECT oid FROM temp.main.pg_namespace);
CREATE OR REPLACE TEMP VIEW pg_depend AS
    SELECT NULL::BIGINT AS classid, NULL::BIGINT AS objid, NULL::INTEGER AS objsubid, NULL::BIGINT AS refclassid, NULL::BIGINT AS refobjid,
           NULL::INTEGER AS refobjsubid, NULL::VARCHAR AS deptype WHERE false;
CREATE OR REPLACE TEMP VIEW pg_sequence AS
    SELECT NULL::BIGINT AS seqrelid, NULL::BIGINT AS seqtypid, NULL::BIGINT AS seqstart, NULL::BIGINT AS seqincrement, NULL::BIGINT AS seqmax,
           NULL::BIGINT AS seqmin, NULL::BIGINT AS seqcache, false AS seqcycle WHERE false;
CREATE OR REPLACE TEMP VIEW pg_sequences AS
    SELECT NULL::VARCHAR AS schemaname, NULL::VARCHAR AS sequencename, NULL::VARCHAR AS sequenceowner, NULL::VARCHAR AS data_type,
           NULL::BIGINT AS start_value, NULL::BIGINT AS min_value, NULL::BIGINT AS max_value, NULL::BIGINT AS increment_by, false AS cycle,
           NULL::BIGINT AS cache_size, NULL::BIGINT AS last_value WHERE false;
CREATE OR REPLACE TEMP VIEW pg_am AS SELECT 403::BIGINT AS oid, 'btree' AS amname, 'bthandler' AS amhandler, 'i' AS amtype;
CREATE OR REPLACE TEMP VIEW pg_tablespace AS
    SELECT 1663::BIGINT AS oid, 'pg_default' AS spcname, 10::BIGINT AS spcowner, NULL::VARCHAR[] AS spcacl, NULL::VARCHAR[] AS spcoptions;
CREATE OR REPLACE TEMP VIEW pg_stat_user_tables AS
    SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, 0::BIGINT AS seq_scan, 0::BIGINT AS n_live_tup, 0::BIGINT AS n_dead_tup
    FROM temp.main.pg_class c JOIN temp.main.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r';
CREATE OR REPLACE TEMP VIEW pg_stat_activity AS
    SELECT 1::BIGINT AS datid, 'warehouse' AS datname, NULL::INTEGER AS pid, NULL::VARCHAR AS usename, NULL::VARCHAR AS application_name,
           NULL::VARCHAR AS client_addr, NULL::TIMESTAMPTZ AS backend_start, NULL::TIMESTAMPTZ AS query_start, NULL::VARCHAR AS state,
           NULL::VARCHAR AS query WHERE false;

-- Names to OIDs, for 'name'::regclass and 'name'::regtype literals (PgCatalog.Rewrite); the catalogue's own tables
-- have PostgreSQL's fixed OIDs, which pg_description.classoid and pgJDBC's joins compare with.
CREATE OR REPLACE TEMP MACRO pg_crmw_regclass(name) AS CASE regexp_replace(lower(replace(name, '"', '')), '^pg_catalog\.', '')
    WHEN 'pg_class' THEN 1259 WHEN 'pg_type' THEN 1247 WHEN 'pg_proc' THEN 1255 WHEN 'pg_attribute' THEN 1249
    WHEN 'pg_namespace' THEN 2615 WHEN 'pg_constraint' THEN 2606 WHEN 'pg_database' THEN 1262 WHEN 'pg_description' THEN 2609
    WHEN 'pg_index' THEN 2610 WHEN 'pg_trigger' THEN 2620 WHEN 'pg_authid' THEN 1260 WHEN 'pg_roles' THEN 1260
    ELSE (SELECT min(c.oid) FROM temp.main.pg_class c JOIN temp.main.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relname = split_part(replace(name, '"', ''), '.', -1)
            AND (NOT contains(name, '.') OR n.nspname = split_part(replace(name, '"', ''), '.', 1))) END;
CREATE OR REPLACE TEMP MACRO pg_crmw_regtype(name) AS
    (SELECT min(oid) FROM pg_crmw_types WHERE typname = lower(name) OR display = lower(name));
CREATE OR REPLACE TEMP MACRO format_type(type_oid, typemod) AS
    (SELECT CASE WHEN t.typname = 'numeric' AND typemod >= 4 THEN 'numeric(' || ((typemod - 4) // 65536) || ',' || ((typemod - 4) % 65536) || ')'
                 WHEN t.typname IN ('varchar', 'bpchar') AND typemod >= 4 THEN t.display || '(' || (typemod - 4) || ')'
                 ELSE t.display END
     FROM pg_crmw_types t WHERE t.oid = type_oid);
CREATE OR REPLACE TEMP MACRO obj_description(id) AS
    (SELECT min(description) FROM temp.main.pg_description WHERE objoid = id AND objsubid = 0),
    (id, catalog_name) AS (SELECT min(description) FROM temp.main.pg_description WHERE objoid = id AND objsubid = 0);
CREATE OR REPLACE TEMP MACRO col_description(id, column_number) AS
    (SELECT min(description) FROM temp.main.pg_description WHERE objoid = id AND objsubid = column_number);
CREATE OR REPLACE TEMP MACRO shobj_description(id, catalog_name) AS NULL::VARCHAR;

-- information_schema, the same way (information_schema.x is read as information_schema_x).
CREATE OR REPLACE TEMP VIEW information_schema_schemata AS
    SELECT 'warehouse' AS catalog_name, nspname AS schema_name, 'crmw' AS schema_owner, NULL::VARCHAR AS default_character_set_catalog,
           NULL::VARCHAR AS default_character_set_schema, NULL::VARCHAR AS default_character_set_name, NULL::VARCHAR AS sql_path
    FROM temp.main.pg_namespace;
CREATE OR REPLACE TEMP VIEW information_schema_tables AS
    SELECT 'warehouse' AS table_catalog, schema_name AS table_schema, table_name, 'BASE TABLE' AS table_type,
           NULL::VARCHAR AS self_referencing_column_name, NULL::VARCHAR AS reference_generation, NULL::VARCHAR AS user_defined_type_catalog,
           NULL::VARCHAR AS user_defined_type_schema, NULL::VARCHAR AS user_defined_type_name, 'NO' AS is_insertable_into, 'NO' AS is_typed,
           NULL::VARCHAR AS commit_action
    FROM duckdb_tables() WHERE database_name = current_database() AND schema_name IN ($schemas$)
    UNION ALL
    SELECT 'warehouse', schema_name, view_name, 'VIEW', NULL, NULL, NULL, NULL, NULL, 'NO', 'NO', NULL
    FROM duckdb_views() WHERE database_name = current_database() AND schema_name IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_views AS
    SELECT 'warehouse' AS table_catalog, schema_name AS table_schema, view_name AS table_name, sql AS view_definition, 'NONE' AS check_option,
           'NO' AS is_updatable, 'NO' AS is_insertable_into, 'NO' AS is_trigger_updatable, 'NO' AS is_trigger_deletable,
           'NO' AS is_trigger_insertable_into
    FROM duckdb_views() WHERE database_name = current_database() AND schema_name IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_columns AS
    SELECT 'warehouse' AS table_catalog, c.schema_name AS table_schema, c.table_name, c.column_name, c.column_index AS ordinal_position,
           c.column_default, CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable, coalesce(t.sqltype, 'text') AS data_type,
           NULL::INTEGER AS character_maximum_length, CASE WHEN t.typcategory = 'S' THEN 1073741824 END AS character_octet_length,
           CASE WHEN t.typcategory = 'N' THEN coalesce(c.numeric_precision, CASE t.typname WHEN 'int2' THEN 16 WHEN 'int4' THEN 32 WHEN 'int8' THEN 64 WHEN 'float4' THEN 24 WHEN 'float8' THEN 53 END) END AS numeric_precision,
           CASE WHEN t.typcategory = 'N' THEN CASE WHEN t.typname = 'numeric' THEN 10 ELSE 2 END END AS numeric_precision_radix,
           CASE WHEN t.typname = 'numeric' THEN c.numeric_scale WHEN t.typname IN ('int2', 'int4', 'int8') THEN 0 END AS numeric_scale,
           CASE WHEN t.typcategory = 'D' AND t.typname <> 'date' THEN 6 WHEN t.typname = 'date' THEN 0 END AS datetime_precision,
           NULL::VARCHAR AS interval_type, NULL::INTEGER AS interval_precision, NULL::VARCHAR AS character_set_catalog,
           NULL::VARCHAR AS character_set_schema, NULL::VARCHAR AS character_set_name, NULL::VARCHAR AS collation_catalog,
           NULL::VARCHAR AS collation_schema, NULL::VARCHAR AS collation_name, NULL::VARCHAR AS domain_catalog, NULL::VARCHAR AS domain_schema,
           NULL::VARCHAR AS domain_name, 'warehouse' AS udt_catalog, 'pg_catalog' AS udt_schema, coalesce(t.typname, 'text') AS udt_name,
           NULL::VARCHAR AS scope_catalog, NULL::VARCHAR AS scope_schema, NULL::VARCHAR AS scope_name, NULL::BIGINT AS maximum_cardinality,
           c.column_index::VARCHAR AS dtd_identifier, 'NO' AS is_self_referencing, 'NO' AS is_identity, NULL::VARCHAR AS identity_generation,
           NULL::VARCHAR AS identity_start, NULL::VARCHAR AS identity_increment, NULL::VARCHAR AS identity_maximum,
           NULL::VARCHAR AS identity_minimum, 'NO' AS identity_cycle, 'NEVER' AS is_generated, NULL::VARCHAR AS generation_expression,
           'NO' AS is_updatable
    FROM duckdb_columns() c LEFT JOIN pg_crmw_types t ON t.oid = pg_crmw_type_oid(c.data_type)
    WHERE c.database_name = current_database() AND c.schema_name IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_table_constraints AS
    SELECT * FROM information_schema.table_constraints WHERE table_catalog = current_database() AND table_schema IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_key_column_usage AS
    SELECT * FROM information_schema.key_column_usage WHERE table_catalog = current_database() AND table_schema IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_referential_constraints AS
    SELECT * FROM information_schema.referential_constraints WHERE constraint_catalog = current_database() AND constraint_schema IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_constraint_column_usage AS
    SELECT * FROM information_schema.constraint_column_usage WHERE table_catalog = current_database() AND table_schema IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_check_constraints AS
    SELECT * FROM information_schema.check_constraints WHERE constraint_catalog = current_database() AND constraint_schema IN ($schemas$);
CREATE OR REPLACE TEMP VIEW information_schema_routines AS
    SELECT NULL::VARCHAR AS specific_catalog, NULL::VARCHAR AS specific_schema, NULL::VARCHAR AS specific_name, NULL::VARCHAR AS routine_catalog,
           NULL::VARCHAR AS routine_schema, NULL::VARCHAR AS routine_name, NULL::VARCHAR AS routine_type, NULL::VARCHAR AS data_type,
           NULL::VARCHAR AS routine_definition WHERE false;
CREATE OR REPLACE TEMP VIEW information_schema_parameters AS
    SELECT NULL::VARCHAR AS specific_catalog, NULL::VARCHAR AS specific_schema, NULL::VARCHAR AS specific_name, NULL::INTEGER AS ordinal_position,
           NULL::VARCHAR AS parameter_mode, NULL::VARCHAR AS parameter_name, NULL::VARCHAR AS data_type WHERE false;
CREATE OR REPLACE TEMP VIEW information_schema_character_sets AS
    SELECT NULL::VARCHAR AS character_set_catalog, NULL::VARCHAR AS character_set_schema, 'UTF8' AS character_set_name,
           'UCS' AS character_repertoire, 'UTF8' AS form_of_use, 'warehouse' AS default_collate_catalog, 'pg_catalog' AS default_collate_schema,
           'C.UTF-8' AS default_collate_name;
CREATE OR REPLACE TEMP MACRO pg_get_viewdef(id) AS
    (SELECT min(sql) FROM duckdb_views() WHERE view_oid = id AND database_name = current_database() AND schema_name IN ($schemas$)),
    (id, pretty) AS (SELECT min(sql) FROM duckdb_views() WHERE view_oid = id AND database_name = current_database() AND schema_name IN ($schemas$));
