using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The verdicts the SQL gate keeps (<see cref="GateVerdicts"/>): a statement sent again, or again with other literal
/// values, is not judged afresh, yet nothing refused gets through a kept verdict: not for another role, not after the
/// role views changed, not by changing a name where a value was. The warehouse is not sandboxed, as in
/// <see cref="SqlGateTests"/>: only the gate stands in the way.
/// </summary>
public sealed class GateVerdictsTests
{
    private static readonly SqlGateLimits Limits = new();
    private CubeWarehouse _warehouse = null!;
    private RoleCatalog _roles = null!;

    [SetUp]
    public void CreateWarehouse()
    {
        _warehouse = new CubeWarehouse();
        _roles = TestUsers.Roles();
        RoleViews.Refresh(_warehouse.Connection, _roles, CancellationToken.None);
    }

    [TearDown]
    public void DropWarehouse() => _warehouse.Dispose();

    /// <summary>Checked as a door checks it for a user of <paramref name="role"/>: on a connection whose search path is the role's views.</summary>
    private GatedStatement Check(string sql, string role)
    {
        _warehouse.Connection.Exec($"SET search_path = '{_roles.Get(role).Scope.ViewSchema}'");
        return SqlGate.Check(_warehouse.Connection, sql, _roles.Get(role).Scope.Sql, Limits, CancellationToken.None);
    }

    private GatedStatement Check(string sql, SqlScope scope)
    {
        _warehouse.Connection.Exec("RESET search_path");
        return SqlGate.Check(_warehouse.Connection, sql, scope, Limits, CancellationToken.None);
    }

    [Test]
    public void The_same_statement_with_other_literal_values_gets_the_verdict_of_the_first()
    {
        var first = Check("SELECT segment, count(*) FROM dim_customer WHERE customer_key > 1 AND gender = 'F' GROUP BY segment", "analyst");
        var other = Check("select segment, count(*)   from dim_customer where customer_key > 7 and gender = 'M' /* again */ group by segment", "analyst");

        Assert.That(other, Is.SameAs(first), "judged and prepared again instead of found by its literal-free tree");
        Assert.That(other.Relations, Is.EqualTo(new[] { "role_analyst.dim_customer" }));
    }

    [Test]
    public void A_verdict_kept_for_one_role_does_not_let_the_same_tree_through_for_another()
    {
        Check("SELECT count(*) FROM dim_customer WHERE customer_key > 1", "analyst");

        Assert.Throws<SqlRefusedException>(() => Check("SELECT count(*) FROM dim_customer WHERE customer_key > 1", "bi"), "the same text");
        Assert.Throws<SqlRefusedException>(() => Check("SELECT count(*) FROM dim_customer WHERE customer_key > 2", "bi"), "the same tree, another value");
        Assert.Throws<SqlRefusedException>(() => Check("SELECT count(*) FROM role_analyst.dim_customer WHERE customer_key > 3", "bi"), "the analyst's view by name");
    }

    [TestCase("SELECT upper(code) FROM dw.dim_channel WHERE code = 'x'", "SELECT getenv(code) FROM dw.dim_channel WHERE code = 'y'")]
    [TestCase("SELECT code FROM dw.dim_channel WHERE code = 'x'", "SELECT code FROM staging.dim_channel WHERE code = 'x'")]
    [TestCase("SELECT * FROM dw.dim_channel", "SELECT * FROM '/etc/passwd'")]
    [TestCase("SELECT * FROM range(3)", "SELECT * FROM read_csv('/etc/passwd')")]
    [TestCase("SELECT * FROM range(3)", "SELECT * FROM glob('/root/*')")]
    [TestCase("SELECT 'x' AS v", "SELECT current_setting('x') AS v")]
    [TestCase("WITH t AS (SELECT 1 AS n) SELECT n FROM t", "WITH t AS (SELECT 1 AS n) SELECT n FROM duckdb_settings")]
    public void A_name_where_a_value_was_is_another_tree_and_is_judged_afresh(string allowed, string refused)
    {
        Check(allowed, SqlScope.Warehouse);

        Assert.Throws<SqlRefusedException>(() => Check(refused, SqlScope.Warehouse));
    }

    [Test]
    public void A_refused_statement_stays_refused_however_often_it_comes_and_is_never_kept()
    {
        const string Attack = "SELECT * FROM read_text('/etc/passwd')";
        var kept = GateVerdicts.Count;
        for (var i = 0; i < 3; i++)
        {
            Assert.Throws<SqlRefusedException>(() => Check(Attack, SqlScope.Warehouse));
            Assert.Throws<SqlRefusedException>(() => Check(Attack.Replace("passwd", $"shadow{i}", StringComparison.Ordinal), SqlScope.Warehouse));
        }

        Assert.That(GateVerdicts.Count, Is.EqualTo(kept));
    }

    [Test]
    public void The_whole_attack_corpus_is_refused_again_with_the_verdicts_of_allowed_statements_kept()
    {
        using var corpus = AttackCorpus.Create();
        string[] allowed =
        [
            "SELECT * FROM dw.dim_channel", "SELECT * FROM range(3)", "SELECT 'x'", "SELECT upper('x')", "SELECT * FROM dw.dim_channel WHERE code = 'x'",
            "WITH c AS (SELECT 1) SELECT * FROM c", "SELECT * FROM (SELECT 1) t", "EXPLAIN SELECT 1", "DESCRIBE dw.dim_channel",
        ];
        foreach (var sql in allowed)
        {
            Check(sql, SqlScope.Warehouse);
        }

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var sql in AttackCorpus.Cases().Select(c => (string)c.Arguments[1]!))
            {
                Assert.Throws<SqlRefusedException>(() => Check(corpus.Fill(sql, _warehouse.DatabasePath), SqlScope.Warehouse), sql);
            }
        }
    }

    [Test]
    public void A_verdict_does_not_outlive_the_views_it_was_given_under()
    {
        _warehouse.Connection.Exec("CREATE TABLE mart.verdict_probe AS SELECT 1 AS n");
        RoleViews.Refresh(_warehouse.Connection, _roles, CancellationToken.None);
        Check("SELECT n FROM verdict_probe WHERE n > 0", "analyst");

        _warehouse.Connection.Exec("DROP TABLE mart.verdict_probe");
        RoleViews.Refresh(_warehouse.Connection, _roles, CancellationToken.None);

        Assert.That(GateVerdicts.Count, Is.EqualTo((0, 0)), "the views were made again: every verdict goes");
        Assert.Throws<SqlRefusedException>(() => Check("SELECT n FROM verdict_probe WHERE n > 0", "analyst"), "the same text");
        Assert.Throws<SqlRefusedException>(() => Check("SELECT n FROM verdict_probe WHERE n > 1", "analyst"), "the same tree");
    }

    [Test]
    public void A_short_statement_is_found_again_by_its_text_and_a_long_one_by_its_digest_and_neither_by_a_text_one_character_apart()
    {
        var padding = new string(' ', GateVerdicts.MostCharactersKeptAsText);
        foreach (var sql in new[] { "SELECT count(*) FROM dim_customer WHERE customer_key > 3", "SELECT count(*) FROM dim_customer WHERE customer_key > 3" + padding })
        {
            var first = Check(sql, "analyst");

            Assert.That(Check(sql, "analyst"), Is.SameAs(first), $"{sql.Length} characters: judged again");
            Assert.That(GateVerdicts.TextKey(_roles.Get("analyst").Scope.Sql, Limits, null, sql).Digest.StartsWith('='), Is.EqualTo(sql.Length <= GateVerdicts.MostCharactersKeptAsText));
            Assert.That(GateVerdicts.TryGetByText(GateVerdicts.TextKey(_roles.Get("analyst").Scope.Sql, Limits, null, sql + " "), out _), Is.False, $"{sql.Length} characters: another text found the verdict");
        }
    }

    [Test]
    public void A_verdict_judged_while_the_views_were_made_again_is_not_kept()
    {
        var generation = GateVerdicts.Generation;
        var key = GateVerdicts.TextKey(SqlScope.Warehouse, Limits, null, "SELECT 1");
        GateVerdicts.Forget();

        GateVerdicts.KeepByText(key, new GatedStatement([], false), generation);

        Assert.That(GateVerdicts.TryGetByText(key, out _), Is.False);
    }
}
