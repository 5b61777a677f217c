namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// psycopg2, SQLAlchemy and pandas (Debian's python3 packages) against the wire protocol, through
/// Clients/psycopg_client.py: SCRAM sign-in, a parameterised query, every type (psycopg2 reads text), SQLSTATEs, a
/// refused table, a cancelled query, SQLAlchemy's inspector as Superset uses it, and pandas.read_sql.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PythonClientTests
{
    // Debian's interpreter, where apt installs python3-psycopg2 (a python3 earlier on PATH may lack it).
    private const string Python = "/usr/bin/python3";

    private ServedPgWire _served = null!;
    private IReadOnlyDictionary<string, string> _found = null!;

    [OneTimeSetUp]
    public void Start()
    {
        ClientProgram.Require(Python, "apt-get install python3");
        ClientProgram.Require("/usr/lib/python3/dist-packages/psycopg2", "apt-get install python3-psycopg2 python3-sqlalchemy python3-pandas");
        _served = ServedPgWire.Start();
        _found = ClientProgram.Run(_served, Python, ["psycopg_client.py"]);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Psycopg_signs_in_and_runs_a_parameterised_query()
    {
        Assert.That(_found["connected"], Is.EqualTo("160006"));
        Assert.That(_found["parameterised"], Is.EqualTo("HZ01|杭州西湖支行"));
    }

    [Test]
    public void Psycopg_reads_every_type()
    {
        Assert.That(_found["types.text"], Is.EqualTo(
            "b:16=True|i2:21=1|i4:23=2|i8:20=3|f4:700=1.5|f8:701=2.25|num:1700=Decimal('-123.45')|t:25='héllo'|d:1082=datetime.date(2026, 3, 15)|"
            + "tm:1083=datetime.time(13, 14, 15, 500000)|ts:1114=datetime.datetime(2026, 3, 15, 13, 14, 15, 123456)|"
            + "tstz:1184=datetime.datetime(2026, 3, 15, 13, 14, 15, tzinfo=datetime.timezone.utc)|iv:1186=datetime.timedelta(days=428, seconds=14706)|"
            + "u:2950='4b0c9e6e-0000-4000-8000-000000000001'|bytes:17=0102ff|j:114={'a': 1}|ints:1007=[1, 2, None]|texts:1009=['a', 'b c']"));
    }

    [Test]
    public void Psycopg_errors_carry_their_sqlstate_and_cancel_interrupts()
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

    [Test]
    public void Sqlalchemy_inspects_only_the_role_s_own_schema()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_found["sqlalchemy.default_schema"], Is.EqualTo("role_analyst"));
            Assert.That(_found["sqlalchemy.schemas"], Is.EqualTo("cubes,information_schema,role_analyst"));
            Assert.That(_found["sqlalchemy.tables"], Is.Empty, "a role reads views, not tables");
            Assert.That(_found["sqlalchemy.views"].Split(','), Does.Contain("dim_branch").And.Contain("fact_transaction").And.Not.Contain("batch"));
            Assert.That(_found["sqlalchemy.columns"], Does.StartWith("branch_key:INTEGER,code:TEXT,name:TEXT"));
            Assert.That(_found["sqlalchemy.pk"], Is.EqualTo("[]"));
            Assert.That(_found["sqlalchemy.query"], Is.EqualTo("3"));
        });
    }

    [Test]
    public void Pandas_read_sql_gets_a_typed_frame()
    {
        Assert.That(_found["pandas"], Is.EqualTo("3 rows, columns branch_key,code,name, dtypes int64,object,object"));
    }
}
