using CrmWarehouse.Serving.PgWire.Session;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>How the session rewrites PostgreSQL-only catalogue syntax before the gate and DuckDB see a query.</summary>
[TestFixture]
public sealed class CatalogRewriteTests
{
    private static readonly SessionSettings Settings = new("16.6", "ana", "role_analyst");

    [TestCase("SELECT * FROM pg_catalog.pg_class c", "SELECT * FROM pg_class c")]
    [TestCase("SELECT * FROM \"pg_catalog\".\"pg_namespace\"", "SELECT * FROM \"pg_namespace\"")]
    [TestCase("SELECT pg_catalog.format_type(t, m)", "SELECT format_type(t, m)")]
    [TestCase("SELECT * FROM system.pg_catalog.pg_class", "SELECT * FROM system.pg_catalog.pg_class")]
    [TestCase("SELECT * FROM INFORMATION_SCHEMA.tables", "SELECT * FROM information_schema_tables")]
    [TestCase("SELECT * FROM information_schema.sequences", "SELECT * FROM information_schema.sequences")]
    public void Catalogue_names_go_to_the_session_s_own_views(string sql, string rewritten) =>
        Assert.That(PgCatalog.Rewrite(sql, Settings), Is.EqualTo(rewritten));

    [TestCase("WHERE d.classoid = 'pg_class'::regclass", "WHERE d.classoid = pg_crmw_regclass('pg_class')")]
    [TestCase("SELECT 'int4'::pg_catalog.regtype", "SELECT pg_crmw_regtype('int4')")]
    [TestCase("SELECT typinput = 'pg_catalog.array_in'::regproc", "SELECT typinput = 'array_in'")]
    [TestCase("SELECT c.oid::regclass", "SELECT c.oid::BIGINT")]
    public void Reg_casts_become_look_ups(string sql, string rewritten) =>
        Assert.That(PgCatalog.Rewrite(sql, Settings), Is.EqualTo(rewritten));

    [TestCase("WHERE n.nspname !~ '^pg_'", "WHERE n.nspname !~ '.*(?:^pg_).*'")]
    [TestCase("WHERE c.relname OPERATOR(pg_catalog.~) '^(dim_branch)$' COLLATE pg_catalog.default", "WHERE c.relname ~ '.*(?:^(dim_branch)$).*'")]
    [TestCase("WHERE name ~* 'Hz'", "WHERE name ~ '(?i).*(?:Hz).*'")]
    [TestCase("WHERE name ~~ 'a%' AND name !~~ 'b%'", "WHERE name ~~ 'a%' AND name !~~ 'b%'")]
    public void A_regular_expression_matches_anywhere_as_in_postgresql(string sql, string rewritten) =>
        Assert.That(PgCatalog.Rewrite(sql, Settings), Is.EqualTo(rewritten));

    [Test]
    public void Settings_are_answered_from_the_session()
    {
        Assert.That(PgCatalog.Rewrite("SELECT current_setting('server_version_num')", Settings), Is.EqualTo("SELECT '160006'"));
        Assert.That(PgCatalog.Rewrite("SELECT current_database(), current_user", Settings), Is.EqualTo("SELECT 'warehouse', 'ana'"));
    }

    [Test]
    public void Pgjdbc_s_primary_key_query_reads_the_session_s_primary_keys()
    {
        const string Jdbc = "SELECT result.TABLE_CAT, result.TABLE_SCHEM, result.TABLE_NAME, result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME FROM "
            + "(SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME, "
            + "(information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME, information_schema._pg_expandarray(i.indkey) AS KEYS, "
            + "a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid) "
            + "JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid) "
            + "JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true AND n.nspname = E'dw' AND ct.relname = E'dim_branch' AND i.indisprimary ) result "
            + "where result.A_ATTNUM = (result.KEYS).x ORDER BY result.table_name, result.pk_name, result.key_seq";
        Assert.That(PgCatalog.Rewrite(Jdbc, Settings), Is.EqualTo(
            "SELECT NULL::VARCHAR AS table_cat, table_schem, table_name, column_name, key_seq, pk_name FROM pg_crmw_primary_keys WHERE true "
            + "AND table_schem = 'dw' AND table_name = 'dim_branch' ORDER BY table_name, pk_name, key_seq"));
    }
}
