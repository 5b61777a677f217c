using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// The catalogue queries BI tools send when they connect and list what they may query, as their PostgreSQL drivers
/// and dialects write them (Metabase's postgres driver, Superset's SQLAlchemy dialect, Tableau's and DBeaver's
/// pgJDBC probes, Power BI's Npgsql-based connector), each run as the analyst: every one answers without an error,
/// and what they list is the analyst's own schema only.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BiProbeTests
{
    /// <summary>Tool, then the query as the tool sends it.</summary>
    private static readonly (string Tool, string Sql)[] Probes =
    [
        ("any", "SELECT version()"),
        ("any", "SELECT current_setting('server_version_num')"),
        ("any", "SHOW TRANSACTION ISOLATION LEVEL"),
        ("any", "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate"),
        ("any", "SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN ('max_identifier_length', 'standard_conforming_strings', 'server_version_num')"),
        ("any", "SELECT oid, typname, typlen, typtype FROM pg_catalog.pg_type WHERE oid = 1700"),
        ("any", "SELECT word, catcode FROM pg_catalog.pg_get_keywords() WHERE catcode = 'R'"),
        ("any", "SELECT pg_catalog.format_type(1700, 655366), format_type(23, NULL), format_type(1007, -1)"),
        ("any", "SELECT 'role_analyst.dim_branch'::regclass::oid, 'pg_class'::regclass, 'int4'::regtype"),
        ("any", "SELECT obj_description('role_analyst.dim_branch'::regclass, 'pg_class')"),
        ("Superset", "select pg_catalog.version()"),
        ("Superset", "select current_schema()"),
        ("Superset", "show standard_conforming_strings"),
        ("Superset", "SELECT CAST('test plain returns' AS VARCHAR(60)) AS anon_1"),
        ("Superset", "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY nspname"),
        ("Superset", """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'role_analyst' AND c.relkind in ('v', 'm')
            """),
        ("Superset", "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='dim_branch'"),
        ("Metabase", """
            SELECT n.nspname AS schema, c.relname AS name,
                   CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS type,
                   d.description AS description, stat.n_live_tup AS estimated_row_count
            FROM pg_catalog.pg_class AS c
            INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
            LEFT JOIN pg_catalog.pg_description AS d ON ((c.oid = d.objoid) AND (d.objsubid = 0)) AND (d.classoid = 'pg_class'::regclass)
            LEFT JOIN pg_stat_user_tables AS stat ON (n.nspname = stat.schemaname) AND (c.relname = stat.relname)
            WHERE ((c.relnamespace = n.oid) AND (n.nspname !~ '^information_schema|catalog_history|pg_') AND (n.nspname <> 'information_schema'))
              AND c.relkind IN ('r', 'p', 'v', 'f', 'm')
              AND (pg_catalog.has_table_privilege(pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), 'SELECT')
                   OR pg_catalog.has_any_column_privilege(pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), 'SELECT'))
            ORDER BY type ASC, schema ASC, name ASC
            """),
        ("Metabase", "SELECT nspname FROM pg_catalog.pg_namespace WHERE has_schema_privilege(nspname, 'USAGE')"),
        ("Tableau", "select * from pg_catalog.pg_settings where name = 'max_index_keys'"),
        ("Tableau", "SELECT t.oid, t.typname FROM pg_catalog.pg_type t WHERE t.typname IN ('int4', 'numeric', 'text')"),
        ("Tableau", """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON a.attrelid = c.oid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'role_analyst' AND c.relname = 'dim_branch' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """),
        ("DBeaver", "SELECT n.oid, n.*, d.description FROM pg_catalog.pg_namespace n LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid = n.oid AND d.objsubid = 0 AND d.classoid = 'pg_namespace'::regclass ORDER BY nspname"),
        ("DBeaver", "SELECT c.oid, c.*, t.relname AS tabrelname, rt.relnamespace AS refnamespace, d.description FROM pg_catalog.pg_class c LEFT OUTER JOIN pg_catalog.pg_class t ON c.reltoastrelid = t.oid LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid = c.reltype LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0 AND d.classoid = 'pg_class'::regclass WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'role_analyst') AND c.relkind NOT IN ('i', 'I', 'c')"),
        ("DBeaver", "SELECT current_schema(), session_user"),
        ("Power BI", "select TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE from INFORMATION_SCHEMA.tables where TABLE_SCHEMA not in ('information_schema', 'pg_catalog') order by TABLE_SCHEMA, TABLE_NAME"),
        ("Power BI", """
            select COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, case when (data_type like '%unsigned%') then DATA_TYPE || ' unsigned' else DATA_TYPE end as DATA_TYPE
            from INFORMATION_SCHEMA.columns where TABLE_SCHEMA = 'role_analyst' and TABLE_NAME = 'dim_branch' order by TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION
            """),
        ("Power BI", """
            select pkcol.COLUMN_NAME as PK_COLUMN_NAME, fkcol.TABLE_SCHEMA AS FK_TABLE_SCHEMA, fkcol.TABLE_NAME AS FK_TABLE_NAME, fkcol.COLUMN_NAME as FK_COLUMN_NAME,
                   fkcol.ORDINAL_POSITION as ORDINAL, fkcon.CONSTRAINT_SCHEMA || '_' || fkcol.TABLE_NAME || '_' || 'dim_branch' || '_' || fkcon.CONSTRAINT_NAME as FK_NAME
            from (select * from INFORMATION_SCHEMA.TABLE_CONSTRAINTS where constraint_type = 'PRIMARY KEY' and TABLE_SCHEMA = 'role_analyst' and TABLE_NAME = 'dim_branch') pkcon
            inner join INFORMATION_SCHEMA.KEY_COLUMN_USAGE pkcol on pkcon.CONSTRAINT_SCHEMA = pkcol.CONSTRAINT_SCHEMA and pkcon.CONSTRAINT_NAME = pkcol.CONSTRAINT_NAME
            inner join INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS ref on pkcon.CONSTRAINT_SCHEMA = ref.UNIQUE_CONSTRAINT_SCHEMA and pkcon.CONSTRAINT_NAME = ref.UNIQUE_CONSTRAINT_NAME
            inner join INFORMATION_SCHEMA.TABLE_CONSTRAINTS fkcon on ref.CONSTRAINT_SCHEMA = fkcon.CONSTRAINT_SCHEMA and ref.CONSTRAINT_NAME = fkcon.CONSTRAINT_NAME
            inner join INFORMATION_SCHEMA.KEY_COLUMN_USAGE fkcol on fkcon.CONSTRAINT_SCHEMA = fkcol.CONSTRAINT_SCHEMA and fkcon.CONSTRAINT_NAME = fkcol.CONSTRAINT_NAME
            and pkcol.ORDINAL_POSITION = fkcol.ORDINAL_POSITION
            """),
    ];

    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Every_probe_answers_without_an_error()
    {
        using var connection = _served.Open();
        var failures = new List<string>();
        foreach (var (tool, sql) in Probes)
        {
            try
            {
                using var command = new NpgsqlCommand(sql, connection);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    // Every value decodes.
                    _ = Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToList();
                }
            }
            catch (PostgresException e)
            {
                failures.Add($"{tool}: {e.SqlState} {e.MessageText} in {sql.Trim()[..Math.Min(80, sql.Trim().Length)]}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Probes_answer_as_postgresql_does()
    {
        using var connection = _served.Open();
        Assert.Multiple(() =>
        {
            Assert.That(Scalar(connection, "SELECT current_setting('server_version_num')"), Is.EqualTo("160006"));
            Assert.That(Scalar(connection, "SHOW TRANSACTION ISOLATION LEVEL"), Is.EqualTo("read committed"));
            Assert.That(Scalar(connection, "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'server_version_num'"), Is.EqualTo("160006"));
            Assert.That(Scalar(connection, "SELECT typname FROM pg_catalog.pg_type WHERE oid = 1700"), Is.EqualTo("numeric"));
            Assert.That(Scalar(connection, "SELECT pg_catalog.format_type(1700, 655366)"), Is.EqualTo("numeric(10,2)"));
            Assert.That(Scalar(connection, "SELECT format_type(1007, -1)"), Is.EqualTo("integer[]"));
            Assert.That(Scalar(connection, "SELECT 'int4'::regtype::oid"), Is.EqualTo(23L));
            Assert.That(
                Scalar(connection, "SELECT 'role_analyst.dim_branch'::regclass::oid"),
                Is.EqualTo(Scalar(connection, "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'role_analyst' AND c.relname = 'dim_branch'")));
            Assert.That(Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_get_keywords() WHERE word = 'select' AND catcode = 'R'"), Is.EqualTo(1L));
            Assert.That(Scalar(connection, "SELECT current_schema()"), Is.EqualTo("role_analyst"));
            Assert.That(Scalar(connection, "SHOW search_path"), Is.EqualTo("role_analyst"));
        });
    }

    [Test]
    public void The_catalogue_lists_only_the_analyst_s_schema()
    {
        using var connection = _served.Open();
        var schemas = Column(connection, "SELECT nspname FROM pg_catalog.pg_namespace ORDER BY 1");
        var tableSchemas = Column(connection, "SELECT DISTINCT table_schema FROM information_schema.tables");
        var classes = Column(connection, "SELECT DISTINCT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace");
        var columns = Column(connection, "SELECT DISTINCT table_schema FROM information_schema.columns");
        Assert.Multiple(() =>
        {
            Assert.That(schemas, Is.EqualTo(new[] { "cubes", "information_schema", "pg_catalog", "role_analyst" }), "its views and the cube relations");
            Assert.That(tableSchemas, Is.EquivalentTo(new[] { "cubes", "role_analyst" }));
            Assert.That(classes, Is.EquivalentTo(new[] { "cubes", "role_analyst" }));
            Assert.That(columns, Is.EquivalentTo(new[] { "cubes", "role_analyst" }));
        });

        // DuckDB's own catalogue, which lists every schema of the file, is out of reach however it is written.
        foreach (var sql in new[] { "SELECT * FROM system.pg_catalog.pg_namespace", "SELECT * FROM \"system\".\"pg_catalog\".\"pg_class\"", "SELECT * FROM information_schema.sequences" })
        {
            var refused = Assert.Throws<PostgresException>(() => Scalar(connection, sql), sql);
            Assert.That(refused!.SqlState, Is.EqualTo("42501").Or.EqualTo("42P01"), sql);
        }
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static List<string> Column(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
