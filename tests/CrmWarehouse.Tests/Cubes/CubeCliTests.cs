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
            "--where", "date.year=2025..2025", "--where", "reason.category=other|natural", "--format", "csv", "--db", path).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).First(), Is.EqualTo("date.year,date.year:caption,opened (accounts),closed (accounts)"));
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
        using var warehouse = CubeWarehouse.WithRollups();
        var options = new CrmWarehouse.Serving.ServingOptions { Urls = "http://127.0.0.1:0" };
        await using var server = CrmWarehouse.Serving.Http.ServingHost.Build(options, warehouse.Catalog, CrmWarehouse.Tests.Security.TestUsers.Roles(), warehouse.ConnectionString);
        await server.StartAsync().ConfigureAwait(false);
        Environment.SetEnvironmentVariable("CRMW_Serving__Urls", server.Urls.Single());
        try
        {
            var path = warehouse.DatabasePath;
            var (code, output) = await Run("cube", "query", "churn", "--measures", "opened,closed", "--by", "date.year", "--format", "csv", "--db", path).ConfigureAwait(false);
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("date.year,date.year:caption,opened (accounts),closed (accounts)").And.Contain("\n2025,").And.Contain($"answered by the service at {server.Urls.Single()}"));

            // Through the service the answer keeps its formats: a share as a percentage, totals labelled.
            var (tableCode, table) = await Run("cube", "query", "transactions", "--measures", "amount,share_of_amount", "--by", "date.quarter", "--totals", "grand",
                "--where", "date.year=2026", "--db", path).ConfigureAwait(false);
            Assert.That(tableCode, Is.EqualTo(0), table);
            Assert.That(table, Does.Contain("2026-Q1").And.Contain("100.0%").And.Contain("合计").And.Contain("amount (CNY)"));

            var (sqlCode, sqlOutput) = await Run("sql", "select count(*) AS n from dw.fact_transaction", "--format", "csv", "--db", path).ConfigureAwait(false);
            Assert.That(sqlCode, Is.EqualTo(0), sqlOutput);
            Assert.That(sqlOutput, Does.StartWith("n\n" + warehouse.Connection.Scalar("SELECT count(*) FROM dw.fact_transaction")));

            var (refused, error) = await Run("sql", "delete from dw.fact_transaction", "--db", path).ConfigureAwait(false);
            Assert.That(refused, Is.EqualTo(1));
            Assert.That(error, Does.Contain("answered 403").And.Contain("DELETE"));
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
        var options = new CrmWarehouse.Serving.ServingOptions { Urls = "http://127.0.0.1:0" };
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

    [Test]
    public async Task Cube_query_formats_tables_gives_json_raw_and_formatted_and_csv_raw_with_units()
    {
        using var warehouse = new CubeWarehouse();
        var path = warehouse.Connection.DataSource;
        var fees = warehouse.Connection.Scalar("SELECT CAST(sum(fee) AS DOUBLE) / CAST(sum(amount) AS DOUBLE) FROM dw.fact_transaction WHERE date_key // 10000 = 2025");
        warehouse.Connection.Dispose();
        string[] query = ["cube", "query", "transactions", "--measures", "amount,fee_rate,transactions:ytd", "--by", "date.year,date.quarter", "--totals", "subtotals", "--where", "date.year=2025", "--db", path, "--local"];

        var (code, table) = await Run([.. query, "--lang", "en"]).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0), table);
        Assert.That(table, Does.Contain("2025-Q4").And.Contain("Total").And.Contain("amount (CNY)").And.Match(@"\d{1,3},\d{3}\.\d{2}").And.Not.Contain("e-0"));
        Assert.That(table, Does.Contain(((double)fees!).ToString("0.000%", System.Globalization.CultureInfo.InvariantCulture)), "fee rate as a percentage");
        Assert.That(table, Does.Not.Contain("\u001b["), "no escape codes when redirected");

        var (_, csv) = await Run([.. query, "--format", "csv"]).ConfigureAwait(false);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("date.year,date.year:caption,date.quarter,date.quarter:caption,_grouping,amount (CNY),fee_rate,transactions:ytd (transactions)"));
        Assert.That(lines[1], Does.StartWith("2025,2025,20251,2025-Q1,0,").And.Not.Contain("%"));
        Assert.That(csv, Does.Not.Contain("\u001b["));

        var (_, json) = await Run([.. query, "--format", "json"]).ConfigureAwait(false);
        var first = System.Text.Json.JsonDocument.Parse(json[..(json.LastIndexOf(']') + 1)]).RootElement[0];
        Assert.That(first.GetProperty("date.quarter").GetInt32(), Is.EqualTo(20251));
        Assert.That(first.GetProperty("date.quarter:caption").GetString(), Is.EqualTo("2025-Q1"));
        Assert.That(first.GetProperty("amount").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Number));
        Assert.That(first.GetProperty("amount:text").GetString(), Does.EndWith(" CNY").And.Contain(","));
        Assert.That(first.GetProperty("fee_rate:text").GetString(), Does.EndWith("%"));
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
