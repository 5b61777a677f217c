namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// psql, the PostgreSQL 15 client, against the wire protocol: its catalog commands (\l \dn \dt \dv \d \d+ \df \x
/// \copy) as the analyst, who sees only the views of its own schema, and as an admin, who also sees the base
/// schemas; a query with an error and its caret.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PsqlTests
{
    private const string Admin = "wire_admin";

    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _served = ServedPgWire.Start();
        _served.AddUser(Admin, "admin");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void The_analyst_lists_its_own_schema_and_views_only()
    {
        var schemas = Run(ServedPgWire.User, @"\dn");
        var views = Run(ServedPgWire.User, @"\dv");
        var tables = Run(ServedPgWire.User, @"\dt");
        var databases = Run(ServedPgWire.User, @"\l");
        Assert.Multiple(() =>
        {
            Assert.That(schemas, Does.Contain("role_analyst").And.Contain(" cubes ").And.Contain("(2 rows)"), "its views and the cube relations");
            Assert.That(schemas, Does.Not.Contain("audit").And.Not.Contain("dw ").And.Not.Contain("role_admin").And.Not.Contain("staging"));
            Assert.That(views, Does.Contain("role_analyst | dim_branch").And.Contain("role_analyst | fact_transaction"));
            Assert.That(views, Does.Not.Contain("role_admin").And.Not.Contain("batch"));
            Assert.That(tables, Does.Contain("Did not find any relations."), "the analyst reads views, not tables");
            Assert.That(databases, Does.Contain("warehouse").And.Contain("UTF8"));
        });
    }

    [Test]
    public void An_admin_lists_the_base_schemas_beside_its_views()
    {
        var schemas = Run(Admin, @"\dn");
        var tables = Run(Admin, @"\dt dw.*");
        var described = Run(Admin, @"\d dw.dim_branch");
        Assert.Multiple(() =>
        {
            Assert.That(schemas, Does.Contain("audit").And.Contain("dw").And.Contain("mart").And.Contain("role_admin"));
            Assert.That(schemas, Does.Not.Contain("role_analyst").And.Not.Contain("mask"), "no other role's views, no masking macros; match is admin's (match.link_evidence)");
            Assert.That(tables, Does.Contain("dim_branch").And.Contain("fact_transaction"));
            Assert.That(described, Does.Contain("Table \"dw.dim_branch\"").And.Contain("branch_key").And.Contain("not null"));
        });
    }

    [Test]
    public void Describes_a_view_with_postgresql_type_names_and_its_definition()
    {
        var described = Run(ServedPgWire.User, @"\d dim_branch");
        var more = Run(ServedPgWire.User, @"\d+ dim_branch");
        Assert.Multiple(() =>
        {
            Assert.That(described, Does.Contain("View \"role_analyst.dim_branch\"").And.Contain("branch_key | integer").And.Contain("code       | text"));
            Assert.That(more, Does.Contain("area_type").And.Contain("View definition:").And.Contain("dim_branch"));
        });
    }

    [Test]
    public void Lists_functions_and_shows_records_expanded()
    {
        var functions = Run(ServedPgWire.User, @"\df");
        var expanded = Run(ServedPgWire.User, @"\x", "SELECT code, name FROM dim_branch WHERE branch_key = 1");
        Assert.Multiple(() =>
        {
            Assert.That(functions, Does.Contain("List of functions"));
            Assert.That(expanded, Does.Contain("-[ RECORD 1 ]").And.Contain("code | HZ01"));
        });
    }

    [Test]
    public void Runs_a_query_and_prints_an_error_with_its_caret()
    {
        Assert.That(Run(ServedPgWire.User, "SELECT code, name FROM dim_branch WHERE branch_key = 1"), Does.Contain("HZ01").And.Contain("杭州西湖支行").And.Contain("(1 row)"));
        var error = Run(ServedPgWire.User, "SELECT nope FROM dim_branch", expectSuccess: false);
        Assert.That(error, Does.Contain("ERROR:").And.Contain("LINE 1: SELECT nope FROM dim_branch").And.Contain("       ^"));
    }

    [Test]
    public void Copy_exports_a_query_as_csv()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pgwire-copy-{Guid.NewGuid():N}.csv");
        try
        {
            var output = Run(ServedPgWire.User, $@"\copy (SELECT branch_key, code, name FROM dim_branch WHERE branch_key > 0 ORDER BY branch_key) to '{file}' with (format csv, header)");
            Assert.That(output, Does.Contain("COPY 3"));
            Assert.That(File.ReadAllLines(file), Is.EqualTo(new[]
            {
                "branch_key,code,name", "1,HZ01,杭州西湖支行", "2,HZ02,杭州萧山支行", "3,NJ01,南京鼓楼支行",
            }));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private string Run(string user, params string[] commands) => PsqlRunner.Run(_served.Port, user, commands, expectSuccess: true);

    private string Run(string user, string command, bool expectSuccess) => PsqlRunner.Run(_served.Port, user, [command], expectSuccess);
}
