using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse;
using Microsoft.AspNetCore.Builder;

namespace CrmWarehouse.Tests.Mining.Warehouse;

/// <summary>The marts through the CLI (on the configured warehouse) and through HTTP on a real Kestrel, personal data masked.</summary>
[NonParallelizable]
public sealed class MiningServingTests
{
    private MinedBank _bank = null!;
    private WebApplication _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _bank = await MinedBank.Get();
        var options = new ServingOptions { Urls = "http://127.0.0.1:0", Limits = { MaxRows = 100, QueryTimeoutSeconds = 5 } };
        var catalog = CubeCatalog.Load(CrmwPaths.Cubes);
        _server = ServingHost.Build(options, catalog, CrmWarehouse.Tests.Security.TestUsers.Roles(), _bank.Warehouse.ConnectionString);
        await _server.StartAsync();
        // An analyst: the mining endpoints show what that role's views show, names and account numbers masked.
        _client = CrmWarehouse.Tests.Security.TestUsers.Client(new Uri(_server.Urls.Single()), _bank.Warehouse.Path, "mining_analyst", "analyst");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Summary_and_runs_list_the_scored_dates()
    {
        var summary = await _client.GetFromJsonAsync<JsonElement>("/api/mining/summary");
        var runs = await _client.GetFromJsonAsync<JsonElement>("/api/mining/runs");
        Assert.That(summary.GetProperty("asOf").GetString(), Is.EqualTo(_bank.Run!.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(summary.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()), Does.Contain("top20_profit_share"));
        Assert.That(runs.GetProperty("rows").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_customer_comes_with_scores_and_a_masked_name()
    {
        using var connection = _bank.Warehouse.Open();
        var id = (long)connection.Scalar("SELECT min(v.customer_id) FROM mart.customer_value v JOIN dw.dim_customer c USING (customer_key) WHERE length(c.name) >= 2")!;
        var name = (string)connection.Scalar("SELECT name FROM dw.dim_customer WHERE customer_id = $1 AND is_current", id)!;

        using var response = await _client.GetAsync($"/api/mining/customers/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(text, Does.Not.Contain(name));
        Assert.That(text, Does.Contain(name[..1] + "*"));
        Assert.That(text, Does.Contain("loyalty_index").And.Contain("churn_risk_band"));
        Assert.That(text, Does.Not.Contain("phone").And.Not.Contain("id_number"));
    }

    [Test]
    public async Task Alerts_show_account_numbers_masked()
    {
        var alerts = await _client.GetFromJsonAsync<JsonElement>("/api/mining/alerts?rule=structuring");
        var columns = alerts.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        var numbers = alerts.GetProperty("rows").EnumerateArray().Select(r => r[columns.IndexOf("account_number")].GetString()!).ToList();
        Assert.That(numbers, Is.Not.Empty);
        Assert.That(numbers, Is.All.Match("^\\*+[0-9]{4}$"));
    }

    [Test]
    public async Task Unknown_customer_date_or_malformed_date_say_what_is_wrong()
    {
        using var customer = await _client.GetAsync("/api/mining/customers/987654321");
        using var date = await _client.GetAsync("/api/mining/rules?asOf=2001-01-01");
        using var malformed = await _client.GetAsync("/api/mining/rules?asOf=yesterday");
        Assert.That(customer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await customer.Content.ReadAsStringAsync(), Does.Contain("No customer 987654321"));
        Assert.That(date.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await date.Content.ReadAsStringAsync(), Does.Contain("2001-01-01"));
        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Cli_prints_a_step_from_the_warehouse_and_ends_with_its_figures()
    {
        var (code, line, errors) = await RunCli("mine", "profitability");
        Assert.That(code, Is.Zero, errors);
        Assert.That(line, Does.StartWith("top20_profit_share="));
        (code, line, errors) = await RunCli("mine", "rules");
        Assert.That(code, Is.Zero, errors);
        Assert.That(line, Does.Match("^rules=[1-9][0-9]* top_lift="));
        foreach (var (step, first) in new[] { ("rfm", "customers="), ("clv", "r="), ("outliers", "structuring="), ("churn", "auc="), ("segments", "k="), ("tree", "rules="), ("loyalty", "mean="), ("profile", "group_customers="), ("contribution", "customers=") })
        {
            (code, line, errors) = await RunCli("mine", step);
            Assert.That(code, Is.Zero, $"{step}: {errors}");
            Assert.That(line, Does.StartWith(first), step);
        }
    }

    [Test]
    public async Task Every_step_writes_csv_without_escape_codes_and_json_that_parses()
    {
        foreach (var step in new[] { "profitability", "rules", "rfm", "clv", "outliers", "churn", "segments", "tree", "loyalty", "profile", "contribution" })
        {
            var (code, csv, errors) = await RunFull(_bank.Warehouse.Path, "mine", step, "--format", "csv");
            Assert.That(code, Is.Zero, $"{step}: {errors}");
            Assert.That(csv, Does.StartWith($"# {step} as of "), step);
            Assert.That(csv.Contains('\u001b', StringComparison.Ordinal) || csv.Contains('│', StringComparison.Ordinal), Is.False, $"{step}: no escape codes or table borders");
            (code, var json, errors) = await RunFull(_bank.Warehouse.Path, "mine", step, "--format", "json");
            Assert.That(code, Is.Zero, $"{step}: {errors}");
            using var document = JsonDocument.Parse(json);
            Assert.That(document.RootElement.GetProperty("tables").EnumerateObject().Count(), Is.Positive, step);
        }
    }

    [Test]
    public async Task Outlier_summary_names_each_rule_threshold_and_counts_zeros_and_options_override_the_configuration()
    {
        var (code, csv, errors) = await RunFull(_bank.Warehouse.Path, "mine", "outliers", "--format", "csv");
        Assert.That(code, Is.Zero, errors);
        var rules = Summary(csv);
        Assert.That(rules.Keys, Is.EqualTo(new[] { "structuring", "split_deposits", "daily_amount", "velocity", "robust_z" }), "every rule, those without alerts as 0");
        Assert.That(rules["daily_amount"].Threshold, Does.Contain("daily total >= "));
        try
        {
            // A daily limit of 1 CNY alerts every account-day with a payment: more than the configured limit does.
            (code, csv, errors) = await RunFull(_bank.Warehouse.Path, "mine", "outliers", "--daily-amount", "1", "--format", "csv");
            Assert.That(code, Is.Zero, errors);
            var lowered = Summary(csv);
            Assert.That(lowered["daily_amount"].Threshold, Does.Contain("daily total >= 1 CNY"));
            Assert.That(lowered["daily_amount"].Alerts, Is.GreaterThan(rules["daily_amount"].Alerts));
            Assert.That(lowered["daily_amount"].Share, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
        }
        finally
        {
            Assert.That((await RunFull(_bank.Warehouse.Path, "mine", "outliers", "--refresh")).ExitCode, Is.Zero, "the configured thresholds back");
        }

        static Dictionary<string, (string Threshold, long Alerts, double Share)> Summary(string csv)
        {
            var table = csv.Split("\n# ")[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).TakeWhile(l => !l.StartsWith('#')).ToList();
            return table.Select(l => CsvFields(l)).ToDictionary(f => f[0], f => (f[1], long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)));
        }

        static string[] CsvFields(string line) =>
            System.Text.RegularExpressions.Regex.Matches(line.TrimEnd('\r'), "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value.Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal)).ToArray();
    }

    [Test]
    public async Task The_tree_takes_a_criterion_and_cut_points_on_the_warehouse_and_segments_speak_in_money_and_years()
    {
        try
        {
            var (code, csv, errors) = await RunFull(_bank.Warehouse.Path, "mine", "tree", "--criterion", "gain", "--bins", "age=30,55", "deposit_balance=500,2500", "--format", "csv");
            Assert.That(code, Is.Zero, errors);
            Assert.That(csv, Does.Contain("deposit_balance = >= 2500").Or.Contain("deposit_balance = < 500").Or.Contain("deposit_balance = 500 to < 2500"), "rules on the chosen balance bands");
            Assert.That(csv, Does.Not.Match(@"deposit_balance = (< (?!500[ ,])|>= (?!2500[ ,])|(?!500 to < 2500[ ,])\d)"), "no equal-frequency balance bands");
            Assert.That(csv, Does.Not.Match(@"age = (< (?!30[ ,])|>= (?!55[ ,])|(?!30 to < 55[ ,])\d)"), "no equal-frequency age bands");
            using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={_bank.Warehouse.Path};ACCESS_MODE=READ_ONLY"))
            {
                connection.Open();
                Assert.That(connection.Scalar("SELECT count(*) FROM mart.tree_rules WHERE as_of = (SELECT max(as_of) FROM mart.tree_rules) AND conditions LIKE '%deposit_balance = %'"), Is.Positive);
            }
        }
        finally
        {
            Assert.That((await RunFull(_bank.Warehouse.Path, "mine", "tree", "--refresh")).ExitCode, Is.Zero, "the configured tree back");
        }

        var (segmentsCode, segments, segmentErrors) = await RunFull(_bank.Warehouse.Path, "mine", "segments", "--format", "csv");
        Assert.That(segmentsCode, Is.Zero, segmentErrors);
        Assert.That(segments, Does.Contain("median_deposit_balance_cny").And.Contain("mean_age_years").And.Contain("mean_tenure_years"));
        Assert.That(segments, Does.Not.Contain("log_"), "no log units in what an analyst reads");
    }

    [Test]
    public async Task Pareto_and_contribution_tables_explain_loss_making_customers_in_a_line_under_them()
    {
        var lossMakers = (long)Scalar("SELECT count(*) FROM mart.customer_value WHERE as_of = (SELECT max(as_of) FROM mart.customer_value) AND profit < 0")!;
        var (code, csv, errors) = await RunFull(_bank.Warehouse.Path, "mine", "profitability", "--format", "csv");
        Assert.That(code, Is.Zero, errors);
        if (lossMakers > 0)
        {
            Assert.That(csv, Does.Contain($"# note: The curve rises above 1.0").And.Contain($"because {lossMakers} customers"), "the demo bank has loss-making customers");
        }

        (code, var json, errors) = await RunFull(_bank.Warehouse.Path, "mine", "contribution", "--format", "json");
        Assert.That(code, Is.Zero, errors);
        using var document = JsonDocument.Parse(json);
        Assert.That(document.RootElement.GetProperty("notes").EnumerateObject().Single().Value.GetString(), Does.Contain("Shares are of profit"));
        Assert.That(lossMakers, Is.Positive, "the generated bank plants loss-making customers; without them this test would check nothing");

        object? Scalar(string sql)
        {
            using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={_bank.Warehouse.Path};ACCESS_MODE=READ_ONLY");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }

    [Test]
    public async Task Cli_rejects_a_bad_date_and_a_missing_warehouse_by_name()
    {
        var (code, _, errors) = await RunCli("mine", "churn", "--as-of", "30/06/2026");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("--as-of '30/06/2026' is not a date"));
        (code, _, errors) = await Run(Path.Combine(Path.GetTempPath(), "crmw-tests", "missing.duckdb"), "mine", "loyalty");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("missing.duckdb does not exist"));
    }

    private Task<(int ExitCode, string LastLine, string Errors)> RunCli(params string[] args) => Run(_bank.Warehouse.Path, args);

    private static async Task<(int ExitCode, string Output, string Errors)> RunFull(string warehouse, params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        Environment.SetEnvironmentVariable("CRMW_Warehouse__Path", warehouse);
        try
        {
            return (await CrmwCli.RunAsync(args), output.ToString(), errors.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRMW_Warehouse__Path", null);
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private static async Task<(int ExitCode, string LastLine, string Errors)> Run(string warehouse, params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        Environment.SetEnvironmentVariable("CRMW_Warehouse__Path", warehouse);
        try
        {
            var code = await CrmwCli.RunAsync(args);
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (code, lines.Length > 0 ? lines[^1] : string.Empty, errors.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRMW_Warehouse__Path", null);
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
