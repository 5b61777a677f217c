using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The questions the soak's readers ask, each answered in ONE statement (one snapshot) and reduced to a signature:
/// a text that names the batch it came from and holds figures that only that whole batch gives. The bench records
/// each signature once the warehouse is quiet after every load (<see cref="BatchSignatures"/>); an answer whose
/// signature matches none of them mixed two batches.
/// </summary>
internal static class SoakQueries
{
    /// <summary>Ad-hoc SQL over the analyst's views: the newest batch that loaded transactions, with counts and a sum
    /// across three tables that a load writes together (facts, the customer dimension, account events).</summary>
    public const string Sql = """
        SELECT concat_ws('|',
            (SELECT max(batch_id) FROM fact_transaction), (SELECT max(date_key) FROM fact_transaction),
            (SELECT count(*) FROM fact_transaction), (SELECT sum(amount) FROM fact_transaction),
            (SELECT count(*) FROM dim_customer), (SELECT count(*) FROM fact_account_event)) AS signature
        """;

    /// <summary>A cube query by month (answered from a rollup the load refreshes in its publish transaction).</summary>
    public static readonly object Cube = new { measures = new[] { "transactions", "amount" }, by = new[] { "date.month" } };

    public static readonly Uri SqlPath = new("/api/sql", UriKind.Relative);

    public static readonly Uri CubePath = new("/api/cubes/transactions/query", UriKind.Relative);

    /// <summary>Which signatures an answer's door is compared with: SQL over HTTP and over the wire ask the same.</summary>
    public static string Kind(string door) => door == SoakDoor.HttpCube ? "cube" : "sql";

    public static Task<string> AskAsync(string door, HttpClient http, string pgConnectionString, CancellationToken cancellationToken) => door switch
    {
        SoakDoor.HttpCube => HttpCubeAsync(http, cancellationToken),
        SoakDoor.HttpSql => HttpSqlAsync(http, cancellationToken),
        SoakDoor.PgWireSql => PgWireSqlAsync(pgConnectionString, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(door), door, "not a door of the soak"),
    };

    public static async Task<string> HttpSqlAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var answer = await PostAsync(http, SqlPath, new { sql = Sql }, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("rows")[0][0].GetString() ?? "(null)";
    }

    /// <summary>The cube answer's month count, its last month and a hash of all its rows.</summary>
    public static async Task<string> HttpCubeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var answer = await PostAsync(http, CubePath, Cube, cancellationToken).ConfigureAwait(false);
        var rows = answer.RootElement.GetProperty("rows");
        var text = rows.GetRawText();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var last = rows.GetArrayLength() == 0 ? "none" : rows[rows.GetArrayLength() - 1].GetRawText();
        return string.Create(CultureInfo.InvariantCulture, $"{rows.GetArrayLength()}|{last}|{hash}");
    }

    public static async Task<string> PgWireSqlAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        return (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) as string ?? "(null)";
    }

    private static async Task<JsonDocument> PostAsync(HttpClient http, Uri path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text)
            : throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}", null, response.StatusCode);
    }
}

/// <summary>The doors the soak's readers come through.</summary>
internal static class SoakDoor
{
    public const string HttpCube = "http-cube";
    public const string HttpSql = "http-sql";
    public const string PgWireSql = "pgwire-sql";

    /// <summary>Reader i's door: of every four readers (one user's), one cube and one SQL query over HTTP, two over the wire.</summary>
    public static string ForReader(int reader) => (reader % 4) switch
    {
        0 => HttpCube,
        1 => HttpSql,
        _ => PgWireSql,
    };

    public static readonly string[] All = [HttpCube, HttpSql, PgWireSql];
}
