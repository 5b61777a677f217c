using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.PgWire.Session;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// Cubes over SQL: <c>cubes.&lt;cube&gt;</c> through both SQL doors (<c>POST /api/sql</c> and the PostgreSQL port with
/// Npgsql) of one real server, against the cube API's answer to the same question.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CubeSqlTests
{
    private const string Password = "cubes over sql";
    private ServedWarehouse _served = null!;
    private HttpClient _analyst = null!;
    private int _pgPort;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var warehouse = CubeWarehouse.WithRollups();
        var options = new ServingOptions { Limits = { QueryTimeoutSeconds = 60 } };
        options.PgWire.Enabled = true;
        options.PgWire.Port = 0;
        _served = await ServedWarehouse.StartAsync(warehouse, options).ConfigureAwait(false);
        _pgPort = _served.Server.Services.GetRequiredService<PgWireService>().Endpoint!.Port;
        var users = _served.Context.Security.Users;
        users.Add("pg_analyst", _served.Context.Roles.Get("analyst"), [], Password);
        users.Add("pg_auditor", _served.Context.Roles.Get("auditor"), [], Password);
        users.Add("pg_manager", _served.Context.Roles.Get("branch_manager"), ["HZ01"], Password);
        _analyst = _served.ClientAs("http_analyst", "analyst");
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _analyst.Dispose();
        await _served.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Per cube: BI-shaped SQL, the cube query asking the same, and the cube answer's columns the SQL returns.</summary>
    private static IEnumerable<TestCaseData> BiQueries()
    {
        yield return Case("transactions",
            """SELECT "date.year", "channel.type", sum(amount) AS amount, MEASURE(transactions) AS n FROM cubes.transactions WHERE "product.category" IN ('deposit', 'card') AND "date.year" BETWEEN 2025 AND 2026 GROUP BY 1, 2 ORDER BY 1, 2""",
            """{"measures":["amount","transactions"],"by":["date.year","channel.type"],"where":[{"level":"product.category","op":"in","values":["deposit","card"]},{"level":"date.year","op":"range","from":2025,"to":2026}],"orderBy":[{"field":"date.year"},{"field":"channel.type"}]}""",
            "date.year", "channel.type", "amount", "transactions");
        yield return Case("balances",
            """SELECT "date.year", sum(balance), MEASURE(accounts) FROM cubes.balances WHERE "branch.province" = '浙江' GROUP BY "date.year" ORDER BY "date.year" """,
            """{"measures":["balance","accounts"],"by":["date.year"],"where":[{"level":"branch.province","op":"eq","value":"浙江"}],"orderBy":[{"field":"date.year"}]}""",
            "date.year", "balance", "accounts");
        yield return Case("churn",
            """SELECT "reason.category", opened, closed, loss_to_acquisition FROM cubes.churn WHERE "date.year" = 2025 AND "product.category" <> 'loan' GROUP BY "reason.category" """,
            """{"measures":["opened","closed","loss_to_acquisition"],"by":["reason.category"],"where":[{"level":"date.year","op":"eq","value":2025},{"level":"product.category","op":"ne","value":"loan"}]}""",
            "reason.category", "opened", "closed", "loss_to_acquisition");
        yield return Case("customer_profile",
            """SELECT "customer.tier", MEASURE(customers) AS customers FROM cubes.customer_profile WHERE "customer.province" LIKE '浙%' OR "customer.segment" = 'sme' GROUP BY "customer.tier" ORDER BY 2 DESC, 1 LIMIT 3""",
            """{"measures":["customers"],"by":["customer.tier"],"where":[{"op":"or","filters":[{"level":"customer.province","op":"like","value":"浙%"},{"level":"customer.segment","op":"eq","value":"sme"}]}],"orderBy":[{"field":"customers","descending":true},{"field":"customer.tier"}],"limit":3}""",
            "customer.tier", "customers");
        yield return Case("interactions",
            """SELECT i."channel.type", sum(i.interactions) AS interactions FROM cubes.interactions AS i WHERE i."date.year" >= 2025 AND i."date.month" < 202607 GROUP BY i."channel.type" ORDER BY i."channel.type" """,
            """{"measures":["interactions"],"by":["channel.type"],"where":[{"level":"date.year","op":"ge","value":2025},{"level":"date.month","op":"lt","value":202607}],"orderBy":[{"field":"channel.type"}]}""",
            "channel.type", "interactions");
        yield return Case("transactions",
            """SELECT sum(amount) AS amount, fee_rate FROM cubes.transactions WHERE NOT ("channel.type" = 'atm' OR date.year < 2026)""",
            """{"measures":["amount","fee_rate"],"where":[{"op":"not","filters":[{"op":"or","filters":[{"level":"channel.type","op":"eq","value":"atm"},{"level":"date.year","op":"lt","value":2026}]}]}]}""",
            "amount", "fee_rate").SetArgDisplayNames("transactions, grand total, NOT/OR, unquoted level");
        yield return Case("transactions",
            """SELECT "customer.segment", net_fee_income FROM cubes.transactions WHERE "date.month" BETWEEN 202601 AND 202603 GROUP BY ALL ORDER BY net_fee_income DESC""",
            """{"measures":["net_fee_income"],"by":["customer.segment"],"where":[{"level":"date.month","op":"range","from":202601,"to":202603}],"orderBy":[{"field":"net_fee_income","descending":true}]}""",
            "customer.segment", "net_fee_income").SetArgDisplayNames("transactions, GROUP BY ALL");

        static TestCaseData Case(string cube, string sql, string query, params string[] columns) =>
            new TestCaseData(cube, sql, query, columns).SetArgDisplayNames(cube);
    }

    [TestCaseSource(nameof(BiQueries))]
    public async Task Bi_shaped_sql_over_http_and_npgsql_equals_the_cube_api(string cube, string sql, string query, string[] columns)
    {
        var expected = await CubeApi(_analyst, cube, query, columns).ConfigureAwait(false);
        var overHttp = await Sql(_analyst, sql).ConfigureAwait(false);
        var overWire = Wire("pg_analyst", sql);
        Assert.That(expected, Is.Not.Empty, "the question must have an answer to compare");
        Assert.Multiple(() =>
        {
            Assert.That(overHttp, Is.EqualTo(expected), "POST /api/sql");
            Assert.That(overWire, Is.EqualTo(expected), "Npgsql");
        });
    }

    [Test]
    public async Task A_semi_additive_balance_by_year_is_its_last_month_not_the_months_added_up()
    {
        var years = await Sql(_analyst, """SELECT "date.year", sum(balance) FROM cubes.balances WHERE "date.year" = 2025 GROUP BY 1""").ConfigureAwait(false);
        var december = await Sql(_analyst, """SELECT "date.month", sum(balance) FROM cubes.balances WHERE "date.month" = 202512 GROUP BY 1""").ConfigureAwait(false);
        var months = await Sql(_analyst, """SELECT "date.month", balance FROM cubes.balances WHERE "date.year" = 2025 GROUP BY 1""").ConfigureAwait(false);
        Assert.That(years.Single().Split('|')[1], Is.EqualTo(december.Single().Split('|')[1]));
        Assert.That(months.Sum(m => decimal.Parse(m.Split('|')[1], CultureInfo.InvariantCulture)), Is.GreaterThan(decimal.Parse(years.Single().Split('|')[1], CultureInfo.InvariantCulture)));
    }

    [Test]
    public void A_parameterised_query_over_npgsql_equals_the_same_with_literals()
    {
        using var connection = Open("pg_analyst");
        using var command = new NpgsqlCommand("""SELECT "channel.type", sum(fee) FROM cubes.transactions WHERE "date.year" = @year AND "channel.type" IN (@a, @b) GROUP BY 1 ORDER BY 1""", connection);
        command.Parameters.AddWithValue("year", 2025);
        command.Parameters.AddWithValue("a", "mobile");
        command.Parameters.AddWithValue("b", "counter");
        var literal = Wire("pg_analyst", """SELECT "channel.type", sum(fee) FROM cubes.transactions WHERE "date.year" = 2025 AND "channel.type" IN ('mobile', 'counter') GROUP BY 1 ORDER BY 1""");
        Assert.That(Read(command), Is.EqualTo(literal));
        Assert.That(literal, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Columns_are_discovered_with_limit_0_or_a_false_where_and_members_listed_with_distinct()
    {
        using var response = await _analyst.PostAsJsonAsync("/api/sql", new { sql = "SELECT * FROM cubes.transactions LIMIT 0" }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var names = body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.That(names, Does.Contain("date.year").And.Contain("channel.type").And.Contain("amount").And.Contain("fee_rate"));
        Assert.That(body.GetProperty("rows").GetArrayLength(), Is.Zero);

        using var connection = Open("pg_analyst");
        using (var reader = new NpgsqlCommand("SELECT * FROM cubes.balances WHERE 1 = 0", connection).ExecuteReader())
        {
            var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetDataTypeName);
            Assert.That(reader.Read(), Is.False);
            Assert.That(columns["date.year"], Is.EqualTo("integer"));
            Assert.That(columns["balance"], Does.StartWith("numeric"));
        }

        var members = Wire("pg_analyst", """SELECT DISTINCT "channel.type" FROM cubes.transactions ORDER BY 1""");
        Assert.That(members, Is.EqualTo(_served.Warehouse.Rows("SELECT DISTINCT c.type FROM dw.fact_transaction f JOIN dw.dim_channel c USING (channel_key) ORDER BY 1")));
    }

    [Test]
    public async Task Introspection_lists_the_cube_relations_with_their_columns()
    {
        // Npgsql's GetSchema("Columns") joins information_schema.columns to pg_type by udt_name, which DuckDB leaves NULL
        // for every table: the catalogue emulation's part, not the cubes'. Its views (the cube relations), and information_schema, list them.
        using var connection = Open("pg_analyst");
        var tables = connection.GetSchema("Views", [null, "cubes"]).Rows.Cast<System.Data.DataRow>().Select(r => (string)r["table_name"]).Order(StringComparer.Ordinal);
        Assert.That(tables, Is.EqualTo(new[] { "balances", "churn", "customer_profile", "interactions", "transactions" }));

        var columns = Wire("pg_analyst", "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'cubes' AND table_name = 'transactions' ORDER BY ordinal_position");
        Assert.That(columns, Does.Contain("date.year|integer").And.Contain("product.category|text").And.Contain("customers|bigint").And.Contain("amount|numeric"), "PostgreSQL's type names");

        var described = await _analyst.GetFromJsonAsync<JsonElement>("/api/cubes/churn").ConfigureAwait(false);
        var sql = described.GetProperty("sql");
        Assert.That(sql.GetProperty("relation").GetString(), Is.EqualTo("cubes.churn"));
        Assert.That(sql.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()), Does.Contain("reason.category").And.Contain("opened"));
    }

    [Test]
    public async Task A_role_without_cubes_is_refused_on_both_doors()
    {
        using var auditor = _served.ClientAs("http_auditor", "auditor");
        using var response = await auditor.PostAsJsonAsync("/api/sql", new { sql = """SELECT "date.year", opened FROM cubes.churn GROUP BY 1""" }).ConfigureAwait(false);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("detail").GetString();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), detail);
        Assert.That(detail, Does.Contain("cube relation").And.Contain("may not"));

        var error = Assert.Throws<PostgresException>(() => Wire("pg_auditor", """SELECT "date.year", opened FROM cubes.churn GROUP BY 1"""))!;
        Assert.That(error.SqlState, Is.EqualTo("42501"));
    }

    [TestCase("""SELECT t."date.year", sum(t.amount) FROM cubes.transactions t JOIN dim_channel c ON true GROUP BY 1""", "0A000", "read on its own")]
    [TestCase("""SELECT "date.year", avg(amount) FROM cubes.transactions GROUP BY 1""", "0A000", "'avg(amount)': a measure is read as itself")]
    [TestCase("""SELECT "date.year", sum(amount) FROM cubes.transactions WHERE amount > 10 GROUP BY 1""", "0A000", "WHERE 'amount > 10': \"amount\" is a measure")]
    [TestCase("""SELECT "date.year", sum(amount) FROM cubes.transactions GROUP BY 1 HAVING sum(amount) > 0""", "0A000", "HAVING")]
    [TestCase("""SELECT "date.year", sum(amount) FROM cubes.transactions""", "0A000", "GROUP BY")]
    [TestCase("""SELECT * FROM cubes.transactions""", "0A000", "no rows of its own")]
    [TestCase("""SELECT DISTINCT "date.year" FROM cubes.transactions GROUP BY 1, "channel.type" """, "0A000", "SELECT DISTINCT with GROUP BY")]
    [TestCase("""SELECT "date.year", amount FROM cubes.transactions GROUP BY 1 LIMIT 5 OFFSET 5""", "0A000", "OFFSET")]
    [TestCase("""SELECT "date.decade", sum(amount) FROM cubes.transactions GROUP BY 1""", "42703", "does not exist")]
    [TestCase("""SELECT "date.year" FROM cubes.no_such_cube GROUP BY 1""", "42P01", "does not exist")]
    public async Task Shapes_the_compiler_cannot_answer_are_refused_saying_what_is_supported(string sql, string sqlState, string says)
    {
        using var response = await _analyst.PostAsJsonAsync("/api/sql", new { sql }).ConfigureAwait(false);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("detail").GetString();
        var error = Assert.Throws<PostgresException>(() => Wire("pg_analyst", sql))!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), detail);
            Assert.That(detail, Does.Contain(says));
            Assert.That(error.SqlState, Is.EqualTo(sqlState), error.MessageText);
            Assert.That(error.MessageText, Does.Contain(says));
        });
        if (sqlState == "0A000")
        {
            Assert.That(detail, Does.Contain("Supported on a cube relation: SELECT levels, measures"));
        }
    }

    [Test]
    public async Task An_in_list_over_the_filter_value_cap_is_refused_as_the_cube_api_would()
    {
        var sql = $"""SELECT "date.day", amount FROM cubes.transactions WHERE "date.day" IN ({string.Join(", ", Enumerable.Range(20250101, _served.Context.Options.Limits.MaxFilterValues + 1))}) GROUP BY 1""";
        using var response = await _analyst.PostAsJsonAsync("/api/sql", new { sql }).ConfigureAwait(false);
        var error = Assert.Throws<PostgresException>(() => Wire("pg_analyst", sql))!;
        Assert.That((response.StatusCode, error.SqlState), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, "54000")), error.MessageText);
    }

    [Test]
    public async Task A_branch_manager_gets_over_sql_the_cube_answer_of_its_branches()
    {
        using var manager = _served.ClientAs("http_manager", "branch_manager", "HZ01");
        const string Query = """SELECT "branch.branch", sum(amount) FROM cubes.transactions GROUP BY 1 ORDER BY 1""";
        var expected = await CubeApi(manager, "transactions", """{"measures":["amount"],"by":["branch.branch"],"orderBy":[{"field":"branch.branch"}]}""", "branch.branch", "amount").ConfigureAwait(false);
        Assert.That(expected.Select(r => r.Split('|')[0]), Is.EqualTo(new[] { "HZ01" }));
        Assert.That(await Sql(manager, Query).ConfigureAwait(false), Is.EqualTo(expected));
        Assert.That(Wire("pg_manager", Query), Is.EqualTo(expected));
        Assert.That(await Sql(_analyst, Query).ConfigureAwait(false), Has.Count.GreaterThan(1));
    }

    [Test]
    public async Task The_query_log_keeps_the_sql_as_sent_and_the_cube_it_read()
    {
        const string Http = """SELECT "date.quarter", sum(amount) FROM cubes.transactions WHERE "date.year" = 2026 GROUP BY 1 -- logged""";
        const string Pg = """SELECT "date.quarter", sum(fee) FROM cubes.transactions WHERE "date.year" = 2026 GROUP BY 1 -- logged""";
        await Sql(_analyst, Http).ConfigureAwait(false);
        Wire("pg_analyst", Pg);
        await _served.Context.Audit.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        var logged = _served.Warehouse.Rows("""
            SELECT door, sql_text, relations[1], outcome FROM audit.query_log WHERE sql_text LIKE '%-- logged' ORDER BY door
            """);
        Assert.That(logged, Is.EqualTo(new[] { $"http|{Http}|cubes.transactions|ok", $"pgwire|{Pg}|cubes.transactions|ok" }));
    }

    private NpgsqlConnection Open(string user)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = _pgPort, Database = "warehouse", Username = user, Password = Password, SslMode = SslMode.Disable, Pooling = false,
        }.ConnectionString);
        connection.Open();
        return connection;
    }

    private List<string> Wire(string user, string sql)
    {
        using var connection = Open(user);
        using var command = new NpgsqlCommand(sql, connection);
        return Read(command);
    }

    private static List<string> Read(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
        }

        return rows;
    }

    private static async Task<List<string>> Sql(HttpClient client, string sql)
    {
        using var response = await client.PostAsJsonAsync("/api/sql", new { sql }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return [.. body.GetProperty("rows").EnumerateArray().Select(row => string.Join("|", row.EnumerateArray().Select(Text)))];
    }

    /// <summary>The cube API's answer to <paramref name="query"/>, only <paramref name="columns"/>, as rows of text.</summary>
    private static async Task<List<string>> CubeApi(HttpClient client, string cube, string query, params string[] columns)
    {
        using var content = new StringContent(query, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri($"/api/cubes/{cube}/query", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var names = body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        var indexes = columns.Select(c => names.IndexOf(c)).ToList();
        Assert.That(indexes, Has.None.EqualTo(-1), string.Join(", ", names));
        return [.. body.GetProperty("rows").EnumerateArray().Select(row => string.Join("|", indexes.Select(i => Text(row[i]))))];
    }

    // Numbers compared to six decimals: a ratio travels as a double, a sum as an exact decimal.
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "NULL",
        JsonValueKind.Number => Number(decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => value.ToString(),
    };

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        string text => text,
        IConvertible number => Number(Convert.ToDecimal(number, CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Number(decimal value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
