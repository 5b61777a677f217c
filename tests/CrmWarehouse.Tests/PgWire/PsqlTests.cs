using System.Diagnostics;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>psql, the PostgreSQL 15 client, against the wire protocol: its catalog commands, a query and \copy.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PsqlTests
{
    private const string Psql = "/usr/lib/postgresql/15/bin/psql";

    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Lists_tables_schemas_and_the_database()
    {
        var tables = Run(@"\dt dw.*");
        var schemas = Run(@"\dn");
        var databases = Run(@"\l");
        Assert.Multiple(() =>
        {
            Assert.That(tables, Does.Contain("dim_branch").And.Contain("fact_transaction"));
            Assert.That(schemas, Does.Contain("dw").And.Contain("mart"));
            Assert.That(databases, Does.Contain("warehouse"));
        });
    }

    [Test]
    public void Describes_a_table_with_its_columns_and_types()
    {
        var described = Run(@"\d dw.dim_branch");
        var more = Run(@"\d+ dw.dim_branch");
        Assert.Multiple(() =>
        {
            Assert.That(described, Does.Contain("Table \"dw.dim_branch\"").And.Contain("branch_key").And.Contain("not null"));
            Assert.That(more, Does.Contain("area_type"));
        });
    }

    [Test]
    public void Runs_a_query_and_prints_an_error_with_its_caret()
    {
        Assert.That(Run("SELECT code, name FROM dim_branch WHERE branch_key = 1"), Does.Contain("HZ01").And.Contain("杭州西湖支行").And.Contain("(1 row)"));
        var error = Run("SELECT nope FROM dim_branch", expectSuccess: false);
        Assert.That(error, Does.Contain("ERROR:").And.Contain("LINE 1: SELECT nope FROM dim_branch").And.Contain("       ^"));
    }

    [Test]
    public void Copy_exports_a_query_as_csv()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pgwire-copy-{Guid.NewGuid():N}.csv");
        try
        {
            var output = Run($@"\copy (SELECT branch_key, code, name FROM dim_branch WHERE branch_key > 0 ORDER BY branch_key) to '{file}' with (format csv, header)");
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

    private string Run(string command, bool expectSuccess = true)
    {
        var start = new ProcessStartInfo(Psql)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-X", "-h", "127.0.0.1", "-p", _served.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", ServedPgWire.User, "-d", "warehouse", "-c", command },
        };
        // The password goes through the environment, never the command line.
        start.Environment["PGPASSWORD"] = ServedPgWire.Password;
        start.Environment["PGSSLMODE"] = "disable";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "psql did not finish");
        var text = output.Result + error.Result;
        Assert.That(process.ExitCode == 0, Is.EqualTo(expectSuccess), text);
        return text;
    }
}
