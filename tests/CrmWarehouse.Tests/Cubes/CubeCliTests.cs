using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>`crmw cube …` against a warehouse file, output captured from the console.</summary>
[NonParallelizable]
public sealed class CubeCliTests
{
    [Test]
    public async Task Cube_list_names_the_five_cubes()
    {
        var (code, output) = await Run("cube", "list").ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("transactions").And.Contain("churn").And.Contain("客户画像"));
    }

    [Test]
    public async Task Cube_query_prints_csv_from_a_rollup_after_refresh()
    {
        using var warehouse = new CubeWarehouse();
        var path = warehouse.Connection.DataSource;
        warehouse.Connection.Dispose();
        Assert.That((await Run("cube", "refresh", "--db", path).ConfigureAwait(false)).Code, Is.EqualTo(0));
        var (code, output) = await Run("cube", "query", "churn", "--measures", "opened,closed", "--by", "date.year",
            "--where", "date.year=2025..2025", "--where", "reason.category=none|natural", "--format", "csv", "--db", path).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).First(), Is.EqualTo("date.year,opened,closed"));
        Assert.That(output, Does.Contain("\n2025,"));
    }

    [Test]
    public async Task Cube_query_explain_prints_sql_and_an_unknown_measure_fails_naming_it()
    {
        using var warehouse = new CubeWarehouse();
        var path = warehouse.Connection.DataSource;
        warehouse.Connection.Dispose();
        var (code, output) = await Run("cube", "query", "transactions", "--measures", "amount", "--by", "channel.type", "--where", "last=12 months", "--explain", "--db", path).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("-- rollup: (none: reads the facts)").And.Contain("GROUP BY ch.type"));
        var (failed, error) = await Run("cube", "query", "transactions", "--measures", "amout", "--db", path).ConfigureAwait(false);
        Assert.That(failed, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("crmw cube query: Unknown measure 'amout' in cube 'transactions'"));
    }

    [Test]
    public async Task While_a_service_is_up_cube_query_and_sql_ask_it_and_writes_are_refused_by_it()
    {
        using var warehouse = new CubeWarehouse();
        new CrmWarehouse.Cubes.Rollups.RollupRefresher(warehouse.Catalog).Rebuild(warehouse.Connection);
        var options = new CrmWarehouse.Serving.Http.ServingOptions { Urls = "http://127.0.0.1:0" };
        await using var server = CrmWarehouse.Serving.Http.ServingHost.Build(options, warehouse.Catalog, CrmWarehouse.Tests.Security.TestUsers.Roles(), warehouse.ConnectionString);
        await server.StartAsync().ConfigureAwait(false);
        Environment.SetEnvironmentVariable("CRMW_Serving__Urls", server.Urls.Single());
        try
        {
            var path = warehouse.DatabasePath;
            var (code, output) = await Run("cube", "query", "churn", "--measures", "opened,closed", "--by", "date.year", "--format", "csv", "--db", path).ConfigureAwait(false);
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("date.year,opened,closed").And.Contain("\n2025,").And.Contain($"answered by the service at {server.Urls.Single()}"));

            var (sqlCode, sqlOutput) = await Run("sql", "select count(*) AS n from dw.fact_transaction", "--format", "csv", "--db", path).ConfigureAwait(false);
            Assert.That(sqlCode, Is.EqualTo(0), sqlOutput);
            Assert.That(sqlOutput, Does.StartWith("n\n" + warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction")));

            var (refused, error) = await Run("sql", "delete from dw.fact_transaction", "--db", path).ConfigureAwait(false);
            Assert.That(refused, Is.EqualTo(1));
            Assert.That(error, Does.Contain("answered 400").And.Contain("DELETE"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRMW_Serving__Urls", null);
            await server.StopAsync().ConfigureAwait(false);
        }
    }

    [Test]
    public async Task A_service_of_another_warehouse_is_passed_over_and_the_named_file_is_read_here()
    {
        using var served = new CubeWarehouse();
        using var other = new CubeWarehouse(seed: false);
        other.Connection.Exec("CREATE TABLE marker AS SELECT 'the other warehouse' AS says");
        var otherPath = other.DatabasePath;
        other.Connection.Dispose();
        var options = new CrmWarehouse.Serving.Http.ServingOptions { Urls = "http://127.0.0.1:0" };
        await using var server = CrmWarehouse.Serving.Http.ServingHost.Build(options, served.Catalog, CrmWarehouse.Tests.Security.TestUsers.Roles(), served.ConnectionString);
        await server.StartAsync().ConfigureAwait(false);
        Environment.SetEnvironmentVariable("CRMW_Serving__Urls", server.Urls.Single());
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Urls.Single()) };
            var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
            Assert.That(health, Does.Contain(CrmWarehouse.Warehouse.WarehouseFile.Identity(served.DatabasePath)).And.Not.Contain(served.DatabasePath), "the identity, never the path");

            var (code, output) = await Run("sql", "select says from marker", "--format", "csv", "--db", otherPath).ConfigureAwait(false);
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("the other warehouse").And.Not.Contain("answered by the service"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRMW_Serving__Urls", null);
            await server.StopAsync().ConfigureAwait(false);
        }
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var (original, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var code = await CrmwCli.RunAsync(args).ConfigureAwait(false);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
