namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// node-postgres (the pg package, installed by tests/install-prerequisites.sh into build/node-pg) against the wire
/// protocol, through Clients/node_client.js: SCRAM sign-in, information_schema, a parameterised query, every type in
/// text (simple and extended protocol), SQLSTATEs, a refused table and a cancelled query.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NodePgTests
{
    private const string Node = "/usr/bin/node";

    private static readonly string Modules = Path.Combine(Cubes.CubeWarehouse.RepositoryRoot(), "build", "node-pg", "node_modules");

    private ServedPgWire _served = null!;
    private IReadOnlyDictionary<string, string> _found = null!;

    [OneTimeSetUp]
    public void Start()
    {
        ClientProgram.Require(Node, "apt-get install nodejs npm");
        ClientProgram.Require(Path.Combine(Modules, "pg"), "npm install pg --prefix build/node-pg");
        _served = ServedPgWire.Start();
        _found = ClientProgram.Run(_served, Node, ["node_client.js"], new Dictionary<string, string> { ["NODE_PATH"] = Modules, ["TZ"] = "UTC" });
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Signs_in_and_runs_a_parameterised_query()
    {
        Assert.That(_found["connected"], Is.EqualTo("16.6"));
        Assert.That(_found["parameterised"], Is.EqualTo("HZ01|杭州西湖支行"));
    }

    [Test]
    public void Information_schema_lists_only_the_role_s_own_views()
    {
        var tables = _found["tables"].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(tables, Does.Contain("role_analyst.dim_branch").And.Contain("role_analyst.fact_transaction"));
            Assert.That(tables, Has.All.StartWith("role_analyst.").Or.StartWith("cubes."));
            Assert.That(_found["columns"], Does.StartWith("branch_key:integer,code:text,name:text"));
        });
    }

    [Test]
    public void Every_type_reads_the_same_through_the_simple_and_the_extended_protocol()
    {
        // node-postgres reads text only (its protocol parser refuses binary mode), so text it is, both ways.
        Assert.Multiple(() =>
        {
            Assert.That(_found["types.simple"], Is.EqualTo(Types));
            Assert.That(_found["types.extended"], Is.EqualTo(Types));
        });
    }

    [Test]
    public void Errors_carry_their_sqlstate_and_cancel_interrupts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_found["error.missing"], Is.EqualTo("42P01"));
            Assert.That(_found["error.syntax"], Is.EqualTo("42601"));
            Assert.That(_found["error.forbidden"], Is.EqualTo("42501"));
            Assert.That(_found["cancel"], Is.EqualTo("57014"));
            Assert.That(_found["after.cancel"], Is.EqualTo("7"));
        });
    }

    private const string Types =
        "b:16=true|i2:21=1|i4:23=2|i8:20=3|f4:700=1.5|f8:701=2.25|num:1700=-123.45|t:25=héllo|d:1082=2026-03-15T00:00:00.000Z|tm:1083=13:14:15.5|"
        + "ts:1114=2026-03-15T13:14:15.123Z|tstz:1184=2026-03-15T13:14:15.000Z|iv:1186={\"years\":1,\"months\":2,\"days\":3,\"hours\":4,\"minutes\":5,\"seconds\":6}|"
        + "u:2950=4b0c9e6e-0000-4000-8000-000000000001|bytes:17=0102ff|j:114={\"a\":1}|ints:1007=[1,2,null]|texts:1009=[\"a\",\"b c\"]";
}
