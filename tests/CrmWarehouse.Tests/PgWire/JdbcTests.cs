namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// pgJDBC (Debian's libpostgresql-jdbc-java) against the wire protocol, through Clients/JdbcClient.java run as a
/// single-file Java program: SCRAM sign-in, DatabaseMetaData as DBeaver, Metabase and Tableau read it, a prepared
/// statement, every type in text and (prepared) binary, SQLSTATEs, a refused table and a cancelled query.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JdbcTests
{
    private const string Driver = "/usr/share/java/postgresql.jar";
    private const string Java = "/usr/bin/java";

    private ServedPgWire _served = null!;
    private IReadOnlyDictionary<string, string> _found = null!;

    [OneTimeSetUp]
    public void Start()
    {
        ClientProgram.Require(Driver, "apt-get install libpostgresql-jdbc-java");
        ClientProgram.Require(Java, "apt-get install default-jre-headless");
        _served = ServedPgWire.Start();
        // UTC: java.sql.Timestamp prints in the JVM's zone.
        _found = ClientProgram.Run(_served, Java, ["-Duser.timezone=UTC", "-cp", Driver, "JdbcClient.java"]);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Signs_in_with_scram_and_runs_a_prepared_statement()
    {
        Assert.That(_found["connected"], Is.EqualTo("PostgreSQL 16.6"));
        Assert.That(_found["parameterised"], Is.EqualTo("HZ01|杭州西湖支行"));
    }

    [Test]
    public void Database_metadata_lists_only_the_role_s_own_views()
    {
        var tables = _found["tables"].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(tables, Does.Contain("role_analyst.dim_branch:VIEW").And.Contain("role_analyst.fact_transaction:VIEW"));
            Assert.That(tables, Has.All.StartWith("role_analyst.").Or.StartWith("cubes."), "no base table, other role's view or staging table");
            Assert.That(tables, Has.Some.StartWith("cubes.transactions"), "the cube relations");
            Assert.That(_found["schemas"], Is.EqualTo("cubes,information_schema,pg_catalog,role_analyst"));
            Assert.That(_found["columns"], Does.StartWith("branch_key:int4:4,code:text:12,name:text:12"));
            Assert.That(_found["primarykeys"], Is.EqualTo("[]"), "views have no primary key");
            Assert.That(_found["typeinfo"].Split(','), Is.SupersetOf(new[] { "int4:4", "int8:-5", "numeric:2", "text:12", "date:91", "timestamptz:93", "bool:-7", "_int4:2003" }));
        });
    }

    [Test]
    public void Every_type_reads_the_same_in_text_and_in_binary()
    {
        const string Text = "bool=true|int2=1|int4=2|int8=3|float4=1.5|float8=2.25|numeric=-123.45|text=héllo|date=2026-03-15|time=13:14:15|"
            + "timestamp=2026-03-15 13:14:15.123456|timestamptz=2026-03-15 13:14:15.0|interval=1 years 2 mons 3 days 4 hours 5 mins 6.0 secs|"
            + "uuid=4b0c9e6e-0000-4000-8000-000000000001|bytea=0102ff|json={\"a\":1}|_int4=[1, 2, null]|_text=[a, b c]";
        // pgJDBC asks for binary for the types it decodes in binary (not bool, text, interval, json); (b) marks each column sent so.
        const string Binary = "bool=true|int2(b)=1|int4(b)=2|int8(b)=3|float4(b)=1.5|float8(b)=2.25|numeric(b)=-123.45|text=héllo|date(b)=2026-03-15|"
            + "time(b)=13:14:15|timestamp(b)=2026-03-15 13:14:15.123456|timestamptz(b)=2026-03-15 13:14:15.0|"
            + "interval=1 years 2 mons 3 days 4 hours 5 mins 6.0 secs|uuid(b)=4b0c9e6e-0000-4000-8000-000000000001|bytea(b)=0102ff|json={\"a\":1}|"
            + "_int4(b)=[1, 2, null]|_text(b)=[a, b c]";
        Assert.Multiple(() =>
        {
            Assert.That(_found["types.text"], Is.EqualTo(Text));
            Assert.That(_found["types.binary"], Is.EqualTo(Binary));
        });
    }

    [Test]
    public void Errors_carry_their_sqlstate_and_a_forbidden_table_is_42501()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_found["error.missing"], Is.EqualTo("42P01"));
            Assert.That(_found["error.syntax"], Is.EqualTo("42601"));
            Assert.That(_found["error.forbidden"], Is.EqualTo("42501"));
        });
    }

    [Test]
    public void Statement_cancel_interrupts_a_long_query_and_the_connection_goes_on()
    {
        Assert.That(_found["cancel"], Is.EqualTo("57014"));
        Assert.That(_found["after.cancel"], Is.EqualTo("7"));
    }
}
