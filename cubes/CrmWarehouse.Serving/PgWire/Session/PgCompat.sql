-- What PostgreSQL clients call in pg_catalog and DuckDB lacks, as temporary macros and views of the session's own
-- connection (nothing is written to the warehouse). Queries reach them because the session drops the pg_catalog.
-- qualifier (see PgCatalog.Rewrite). The relations that list schemas, tables and columns are in PgRoleCatalog.sql.
CREATE OR REPLACE TEMP MACRO pg_get_userbyid(id) AS 'crmw';
CREATE OR REPLACE TEMP MACRO pg_encoding_to_char(id) AS 'UTF8';
CREATE OR REPLACE TEMP MACRO pg_get_indexdef(id) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_indexdef(id, col, pretty) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_function_identity_arguments(id) AS '';
CREATE OR REPLACE TEMP MACRO pg_get_function_arguments(id) AS '';
CREATE OR REPLACE TEMP MACRO pg_get_function_result(id) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_partkeydef(id) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_statisticsobjdef_columns(id) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_serial_sequence(t, c) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_tablespace_location(id) AS '';
CREATE OR REPLACE TEMP MACRO pg_is_in_recovery() AS false;
CREATE OR REPLACE TEMP MACRO pg_relation_size(id) AS 0::BIGINT;
CREATE OR REPLACE TEMP MACRO pg_total_relation_size(id) AS 0::BIGINT;
CREATE OR REPLACE TEMP MACRO pg_table_size(id) AS 0::BIGINT;
CREATE OR REPLACE TEMP MACRO pg_database_size(id) AS 0::BIGINT;
CREATE OR REPLACE TEMP MACRO quote_ident(name) AS CASE WHEN regexp_full_match(name, '[a-z_][a-z0-9_]*') THEN name ELSE '"' || replace(name, '"', '""') || '"' END;
CREATE OR REPLACE TEMP MACRO array_upper(list, dimension) AS len(list);
CREATE OR REPLACE TEMP MACRO array_lower(list, dimension) AS CASE WHEN len(list) > 0 THEN 1 END;
CREATE OR REPLACE TEMP MACRO pg_get_keywords() AS TABLE
    SELECT keyword_name AS word,
           CASE keyword_category WHEN 'reserved' THEN 'R' WHEN 'unreserved' THEN 'U' WHEN 'type_function' THEN 'T' ELSE 'C' END AS catcode,
           false AS barelabel,
           keyword_category AS catdesc,
           'can be bare label' AS baredesc
    FROM duckdb_keywords();
CREATE OR REPLACE TEMP VIEW pg_database AS
    SELECT 1::BIGINT AS oid, 'warehouse' AS datname, 10::BIGINT AS datdba, 6 AS encoding, 'c' AS datlocprovider,
           false AS datistemplate, true AS datallowconn, -1 AS datconnlimit, 0::BIGINT AS datfrozenxid, 0::BIGINT AS datminmxid,
           1663::BIGINT AS dattablespace, 'C.UTF-8' AS datcollate, 'C.UTF-8' AS datctype, NULL::VARCHAR AS daticulocale,
           NULL::VARCHAR AS daticurules, NULL::VARCHAR AS datcollversion, NULL::VARCHAR[] AS datacl;
CREATE OR REPLACE TEMP VIEW pg_roles AS
    SELECT 10::BIGINT AS oid, 'crmw' AS rolname, false AS rolsuper, false AS rolinherit, false AS rolcreaterole, false AS rolcreatedb,
           true AS rolcanlogin, false AS rolreplication, -1 AS rolconnlimit, '********' AS rolpassword, NULL::TIMESTAMPTZ AS rolvaliduntil,
           false AS rolbypassrls, NULL::VARCHAR[] AS rolconfig;
CREATE OR REPLACE TEMP VIEW pg_authid AS SELECT * EXCLUDE (rolpassword), NULL::VARCHAR AS rolpassword FROM pg_roles;
CREATE OR REPLACE TEMP VIEW pg_user AS
    SELECT rolname AS usename, oid AS usesysid, false AS usecreatedb, false AS usesuper, false AS userepl, false AS usebypassrls,
           '********' AS passwd, NULL::TIMESTAMPTZ AS valuntil, NULL::VARCHAR[] AS useconfig FROM pg_roles;
CREATE OR REPLACE TEMP VIEW pg_inherits AS SELECT NULL::BIGINT AS inhrelid, NULL::BIGINT AS inhparent, NULL::INTEGER AS inhseqno, false AS inhdetachpending WHERE false;
CREATE OR REPLACE TEMP VIEW pg_trigger AS
    SELECT NULL::BIGINT AS oid, NULL::BIGINT AS tgrelid, NULL::BIGINT AS tgparentid, NULL::VARCHAR AS tgname, NULL::BIGINT AS tgfoid,
           NULL::SMALLINT AS tgtype, NULL::VARCHAR AS tgenabled, false AS tgisinternal, NULL::BIGINT AS tgconstrrelid,
           NULL::BIGINT AS tgconstrindid, NULL::BIGINT AS tgconstraint, false AS tgdeferrable, false AS tginitdeferred,
           NULL::SMALLINT AS tgnargs, NULL::SMALLINT[] AS tgattr, NULL::BLOB AS tgargs, NULL::VARCHAR AS tgqual,
           NULL::VARCHAR AS tgnewtable, NULL::VARCHAR AS tgoldtable WHERE false;
CREATE OR REPLACE TEMP VIEW pg_policy AS
    SELECT NULL::BIGINT AS oid, NULL::VARCHAR AS polname, NULL::BIGINT AS polrelid, NULL::VARCHAR AS polcmd, true AS polpermissive,
           NULL::BIGINT[] AS polroles, NULL::VARCHAR AS polqual, NULL::VARCHAR AS polwithcheck WHERE false;
CREATE OR REPLACE TEMP VIEW pg_statistic_ext AS
    SELECT NULL::BIGINT AS oid, NULL::BIGINT AS stxrelid, NULL::VARCHAR AS stxname, NULL::BIGINT AS stxnamespace, NULL::BIGINT AS stxowner,
           NULL::INTEGER AS stxstattarget, NULL::SMALLINT[] AS stxkeys, NULL::VARCHAR[] AS stxkind, NULL::VARCHAR AS stxexprs WHERE false;
CREATE OR REPLACE TEMP VIEW pg_publication AS
    SELECT NULL::BIGINT AS oid, NULL::VARCHAR AS pubname, NULL::BIGINT AS pubowner, false AS puballtables, false AS pubinsert,
           false AS pubupdate, false AS pubdelete, false AS pubtruncate, false AS pubviaroot WHERE false;
CREATE OR REPLACE TEMP VIEW pg_publication_rel AS SELECT NULL::BIGINT AS oid, NULL::BIGINT AS prpubid, NULL::BIGINT AS prrelid, NULL::VARCHAR AS prqual, NULL::SMALLINT[] AS prattrs WHERE false;
CREATE OR REPLACE TEMP VIEW pg_publication_namespace AS SELECT NULL::BIGINT AS oid, NULL::BIGINT AS pnpubid, NULL::BIGINT AS pnnspid WHERE false;
CREATE OR REPLACE TEMP VIEW pg_enum AS SELECT NULL::BIGINT AS oid, NULL::BIGINT AS enumtypid, NULL::FLOAT AS enumsortorder, NULL::VARCHAR AS enumlabel WHERE false;
CREATE OR REPLACE TEMP VIEW pg_range AS
    SELECT NULL::BIGINT AS rngtypid, NULL::BIGINT AS rngsubtype, NULL::BIGINT AS rngmultitypid, NULL::BIGINT AS rngcollation,
           NULL::BIGINT AS rngsubopc, NULL::VARCHAR AS rngcanonical, NULL::VARCHAR AS rngsubdiff WHERE false;
CREATE OR REPLACE TEMP VIEW pg_extension AS
    SELECT NULL::BIGINT AS oid, NULL::VARCHAR AS extname, NULL::BIGINT AS extowner, NULL::BIGINT AS extnamespace, false AS extrelocatable,
           NULL::VARCHAR AS extversion, NULL::BIGINT[] AS extconfig, NULL::VARCHAR[] AS extcondition WHERE false;
CREATE OR REPLACE TEMP VIEW pg_collation AS
    SELECT 100::BIGINT AS oid, 'default' AS collname, 11::BIGINT AS collnamespace, 10::BIGINT AS collowner, 'd' AS collprovider,
           true AS collisdeterministic, -1 AS collencoding, NULL::VARCHAR AS collcollate, NULL::VARCHAR AS collctype,
           NULL::VARCHAR AS colliculocale, NULL::VARCHAR AS collicurules, NULL::VARCHAR AS collversion;
-- pg_attrdef.adbin holds DuckDB's default expression as text: that is what the expression is.
CREATE OR REPLACE TEMP MACRO pg_get_expr(expr, relation) AS expr::VARCHAR, (expr, relation, pretty) AS expr::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_constraintdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_viewdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_ruledef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_get_triggerdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR;
CREATE OR REPLACE TEMP MACRO pg_relation_is_publishable(id) AS false;
-- SQLAlchemy's column reflection builds a JSON object of a column's identity options from seven pairs.
CREATE OR REPLACE TEMP MACRO json_build_object(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7) AS
    json_object(k1::VARCHAR, v1, k2::VARCHAR, v2, k3::VARCHAR, v3, k4::VARCHAR, v4, k5::VARCHAR, v5, k6::VARCHAR, v6, k7::VARCHAR, v7);
