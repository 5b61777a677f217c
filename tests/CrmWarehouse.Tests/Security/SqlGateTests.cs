using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The parse-tree gate of ad-hoc SQL against a real DuckDB warehouse that is deliberately NOT sandboxed: whatever it
/// lets through would really read or write, so the corpus shows the gate alone stops every attempt.
/// </summary>
public sealed class SqlGateTests
{
    private static readonly SqlGateLimits Limits = new();
    private CubeWarehouse _warehouse = null!;
    private AttackCorpus _corpus = null!;
    private List<string> _settings = null!;
    private List<string> _databases = null!;

    [OneTimeSetUp]
    public void CreateWarehouse()
    {
        _warehouse = new CubeWarehouse();
        _corpus = AttackCorpus.Create();
        _settings = _warehouse.Rows("SELECT name, value FROM duckdb_settings() ORDER BY name");
        _databases = _warehouse.Rows("SELECT database_name FROM duckdb_databases() ORDER BY 1");
    }

    [OneTimeTearDown]
    public void DropWarehouse()
    {
        _warehouse.Dispose();
        _corpus.Dispose();
    }

    private GatedStatement Check(string sql, SqlScope? scope = null) =>
        SqlGate.Check(_warehouse.Connection, sql, scope ?? SqlScope.Warehouse, Limits, CancellationToken.None);

    [Test]
    public void The_corpus_has_at_least_150_attempts() => Assert.That(AttackCorpus.Count, Is.GreaterThanOrEqualTo(150));

    [TestCaseSource(typeof(AttackCorpus), nameof(AttackCorpus.Cases))]
    public void Refuses_the_attack(string expected, string sql)
    {
        var error = Assert.Throws<SqlRefusedException>(() => Check(_corpus.Fill(sql, _warehouse.DatabasePath)))!;
        Assert.That(error.Message, Does.Contain(expected).IgnoreCase);
    }

    [Test]
    public void After_the_corpus_no_file_was_written_no_setting_changed_and_nothing_was_attached()
    {
        foreach (var (_, sql) in AttackCorpus.Cases().Select(c => ((string)c.Arguments[0]!, (string)c.Arguments[1]!)))
        {
            Assert.Throws<SqlRefusedException>(() => Check(_corpus.Fill(sql, _warehouse.DatabasePath)), sql);
        }

        Assert.That(Directory.EnumerateFileSystemEntries(_corpus.Untouchable), Is.Empty);
        Assert.That(File.Exists("/tmp/crmw-corpus-out.csv"), Is.False);
        Assert.That(_warehouse.Rows("SELECT name, value FROM duckdb_settings() ORDER BY name"), Is.EqualTo(_settings));
        Assert.That(_warehouse.Rows("SELECT database_name FROM duckdb_databases() ORDER BY 1"), Is.EqualTo(_databases));
        Assert.That(_warehouse.Connection.Scalar("SELECT count(*) FROM dw.dim_channel"), Is.EqualTo(_warehouse.Connection.Scalar("SELECT count(*) FROM dw.dim_channel WHERE channel_key < 99")));
        Assert.That(_warehouse.Rows("SELECT function_name FROM duckdb_functions() WHERE NOT internal AND schema_name NOT IN ('clean', 'mask')"), Is.Empty, "no macro was created");
    }

    [TestCase("SELECT count(*) FROM dw.fact_transaction", "dw.fact_transaction")]
    [TestCase("select code, name from \"dw\".\"dim_channel\" -- read_csv( in a comment is fine", "dw.dim_channel")]
    [TestCase("SELECT * FROM DW.DIM_CHANNEL", "dw.dim_channel")]
    [TestCase("FROM dw.dim_channel SELECT code", "dw.dim_channel")]
    [TestCase("EXPLAIN SELECT * FROM dw.fact_transaction", "dw.fact_transaction")]
    [TestCase("  explain\n SELECT 1", "")]
    [TestCase("DESCRIBE dw.fact_transaction", "dw.fact_transaction")]
    [TestCase("SUMMARIZE dw.dim_channel", "dw.dim_channel")]
    [TestCase("WITH c AS (SELECT * FROM dw.dim_channel) SELECT count(*) FROM c", "dw.dim_channel")]
    [TestCase("WITH duckdb_settings AS (SELECT 1 AS x) SELECT * FROM duckdb_settings", "")]
    [TestCase("WITH a AS (SELECT 1 AS n), b AS (SELECT n FROM a) SELECT * FROM b", "")]
    [TestCase("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT sum(n) FROM r", "")]
    [TestCase("SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) JOIN mart.churn_month ON true", "mart.churn_month")]
    [TestCase("SELECT b.region, sum(f.amount), row_number() OVER (ORDER BY sum(f.amount) DESC), lag(sum(f.amount)) OVER (), avg(sum(f.amount)) OVER () FROM dw.fact_transaction f JOIN dw.dim_branch b USING (branch_key) GROUP BY ALL", "dw.fact_transaction")]
    [TestCase("SELECT list_transform([1, 2], x -> x + 1), [x * 2 FOR x IN [1, 2]], {'a': 1}.a, 'ab' LIKE 'a%', 'ab' ILIKE 'A%', 'x' || 'y', date_trunc('month', DATE '2026-03-15'), strftime(TIMESTAMP '2026-03-15 10:00:00', '%Y'), extract(year FROM DATE '2026-03-15'), coalesce(NULL, 1), CAST('1' AS INTEGER), TRY_CAST('x' AS INTEGER), [1, 2, 3][2], regexp_matches('a', 'a'), count(*)", "")]
    [TestCase("SELECT * FROM range(10) r, generate_series(1, 3) g, unnest([1, 2]) u", "")]
    [TestCase("SELECT code FROM dw.dim_channel WHERE code IN (SELECT code FROM dw.dim_channel) AND EXISTS (SELECT 1 FROM audit.batch)", "audit.batch")]
    [TestCase("SELECT * FROM audit.batch", "audit.batch")]
    public void Lets_reading_statements_through_and_names_what_they_read(string sql, string relation)
    {
        var gated = Check(sql);
        Assert.That(gated.Relations, relation.Length == 0 ? Is.Empty : Does.Contain(relation));
    }

    [Test]
    public void A_scope_limits_the_schemas_and_relations()
    {
        var analyst = new SqlScope(["mart"]);
        var one = new SqlScope(["dw"], ["dw.dim_channel"]);
        Assert.DoesNotThrow(() => Check("SELECT * FROM mart.churn_month", analyst));
        Assert.That(Assert.Throws<SqlRefusedException>(() => Check("SELECT * FROM dw.dim_customer", analyst))!.Message,
            Does.Contain("'dw.dim_customer' is outside the schemas you may read (mart)"));
        Assert.DoesNotThrow(() => Check("SELECT * FROM dw.dim_channel", one));
        Assert.That(Assert.Throws<SqlRefusedException>(() => Check("SELECT * FROM dw.dim_branch", one))!.Message, Does.Contain("dw.dim_branch"));
    }

    [Test]
    public void Unqualified_names_are_allowed_only_for_relations_listed_in_the_default_schema()
    {
        // A role's view schema on the connection's search path: its listed views by their own name, nothing else.
        using var connection = new DuckDB.NET.Data.DuckDBConnection(_warehouse.ConnectionString);
        connection.Open();
        connection.Exec("SET search_path = 'dw'");
        var role = new SqlScope(["dw"], ["dw.dim_channel"], defaultSchema: "dw");
        GatedStatement Gate(string sql, SqlScope scope) => SqlGate.Check(connection, sql, scope, Limits, CancellationToken.None);
        Assert.That(Gate("SELECT * FROM dim_channel", role).Relations, Is.EqualTo(new[] { "dw.dim_channel" }));
        Assert.That(Assert.Throws<SqlRefusedException>(() => Gate("SELECT * FROM duckdb_settings", role))!.Message, Does.Contain("duckdb_settings"));
        Assert.That(Assert.Throws<SqlRefusedException>(() => Gate("SELECT * FROM dim_branch", role))!.Message, Does.Contain("dim_branch"));
        Assert.Throws<SqlRefusedException>(() => Gate("SELECT * FROM dim_channel", new SqlScope(["dw"], defaultSchema: "dw")), "without a list of relations nothing unqualified is known to be there");
    }

    [Test]
    public void A_door_may_add_unqualified_names_and_functions_of_its_own_and_nothing_else()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection(_warehouse.ConnectionString);
        connection.Open();
        connection.Exec("CREATE TEMP VIEW pg_database AS SELECT 'crmw' AS datname; CREATE TEMP MACRO pg_get_userbyid(id) AS 'crmw'");
        var wire = SqlScope.Warehouse with { Unqualified = new HashSet<string> { "pg_database" }, Functions = new HashSet<string> { "pg_get_userbyid", "pg_catalog.format_type" } };
        GatedStatement Gate(string sql, SqlScope scope) => SqlGate.Check(connection, sql, scope, Limits, CancellationToken.None);
        Assert.DoesNotThrow(() => Gate("SELECT datname, pg_get_userbyid(1), pg_catalog.format_type(23, NULL) FROM pg_database", wire));
        Assert.Throws<SqlRefusedException>(() => Gate("SELECT pg_get_userbyid(1)", SqlScope.Warehouse), "the same call without the door's additions");
        Assert.Throws<SqlRefusedException>(() => Gate("SELECT format_type(23, NULL)", wire), "added qualified, refused unqualified");
        Assert.Throws<SqlRefusedException>(() => Gate("SELECT * FROM pg_database, duckdb_settings", wire));
    }

    [Test]
    public void Refuses_staging_in_the_default_scope() =>
        Assert.That(Assert.Throws<SqlRefusedException>(() => Check("SELECT * FROM staging.customer_record"))!.Refusal, Is.EqualTo(SqlRefusal.NotPermitted));

    [Test]
    public void A_syntax_error_is_malformed_not_forbidden()
    {
        var error = Assert.Throws<SqlRefusedException>(() => Check("SELECT 1 +"))!;
        Assert.That(error.Refusal, Is.EqualTo(SqlRefusal.Malformed));
        Assert.That(error.Message, Does.Contain("syntax error"));
    }

    [Test]
    public void Too_long_or_too_deep_is_too_large_before_anything_is_planned()
    {
        // The probe's 20,000 SELECT 1 joined by UNION ALL (DuckDB balances the chain, so only its length gives it away),
        // and 300 nested calls, which are short.
        var unions = string.Join(" UNION ALL ", Enumerable.Repeat("SELECT 1", 20_000));
        var nested = "SELECT " + string.Concat(Enumerable.Repeat("abs(", 300)) + "1" + new string(')', 300);
        var tooLong = Assert.Throws<SqlRefusedException>(() => Check(unions))!;
        var tooDeep = Assert.Throws<SqlRefusedException>(() => Check(nested))!;
        Assert.That(tooLong.Refusal, Is.EqualTo(SqlRefusal.TooLarge));
        Assert.That(tooLong.Message, Does.Contain("characters"));
        Assert.That(tooDeep.Refusal, Is.EqualTo(SqlRefusal.TooLarge));
        Assert.That(tooDeep.Message, Does.Contain("nested too deeply"));
    }

    [Test]
    public void The_function_allow_list_is_what_its_query_gives_on_this_duckdb()
    {
        // A new DuckDB adds functions: this fails until someone has read them and regenerated allowed_functions.txt.
        var now = _warehouse.Rows(FunctionAllowList.GeneratingSql);
        Assert.That(now, Is.EquivalentTo(FunctionAllowList.Names), "allowed_functions.txt differs from allowed_functions.sql's answer");
        Assert.That(FunctionAllowList.Names, Has.None.Match("^(read_|glob|query|getenv|current_setting|nextval|duckdb_|pragma_)"));
        Assert.That(FunctionAllowList.Names, Does.Contain("sum").And.Contain("~~").And.Contain("count_star").And.Contain("list_value"));
    }
}
