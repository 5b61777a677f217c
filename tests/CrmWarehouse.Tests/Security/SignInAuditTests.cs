using System.Net;
using System.Net.Http.Headers;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.PgWire.Session;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// Failed sign-ins through every door (HTTP Bearer and Basic, the PostgreSQL wire's SCRAM) land in
/// audit.sign_in_failure with the door, the name as given, the address and why, never the secret; expired and revoked
/// tokens are told so; guessing passwords is throttled per user and address at every door. Each test serves a
/// warehouse of its own, so that one test's failures from 127.0.0.1 do not throttle another's.
/// </summary>
public sealed class SignInAuditTests
{
    private const string Password = "the right passphrase";

    [Test]
    public async Task Expired_and_revoked_tokens_are_401_saying_so_and_audited_by_their_id()
    {
        await using var served = await ServeAsync();
        var users = UserDirectory.ForWarehouse(served.Warehouse.DatabasePath);
        users.Add("tok", TestUsers.Roles().Get("analyst"), [], Password);
        var expired = new UserDirectory(users.FilePath, new Past(TimeSpan.FromDays(2))).IssueToken("tok", TimeSpan.FromDays(1));
        var revoked = users.IssueToken("tok", TimeSpan.FromDays(30));
        users.RevokeToken("tok", revoked[5..15]);
        var valid = users.IssueToken("tok", TimeSpan.FromDays(30));

        var (expiredStatus, expiredBody) = await GetAsync(served, new("Bearer", expired));
        var (revokedStatus, revokedBody) = await GetAsync(served, new("Bearer", revoked));
        var (forgedStatus, _) = await GetAsync(served, new("Bearer", "crmw_0123456789_not-a-real-token"));
        var (validStatus, _) = await GetAsync(served, new("Bearer", valid));
        await served.Context.Audit.FlushAsync(CancellationToken.None);

        Assert.That((expiredStatus, revokedStatus, forgedStatus, validStatus),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
        Assert.That(expiredBody, Does.Contain("expired"));
        Assert.That(revokedBody, Does.Contain("revoked"));
        Assert.That(served.Warehouse.Rows("SELECT door, coalesce(user_name, 'NULL'), client_address, method, reason FROM audit.sign_in_failure ORDER BY user_name NULLS FIRST, reason LIKE '%revoked'"), Is.EqualTo(new[]
        {
            "http|NULL|127.0.0.1|token|token 0123456789 unknown",
            $"http|tok|127.0.0.1|token|token {expired[5..15]} expired",
            $"http|tok|127.0.0.1|token|token {revoked[5..15]} revoked",
        }));
        Assert.That(served.Warehouse.Rows($"SELECT count(*) FROM audit.sign_in_failure WHERE reason LIKE '%{expired[16..]}%' OR reason LIKE '%{revoked[16..]}%'"), Is.EqualTo(new[] { "0" }), "never a token's secret");
    }

    [Test]
    public async Task Wrong_passwords_and_unknown_users_through_both_doors_are_audited_without_the_password()
    {
        await using var served = await ServeAsync();
        UserDirectory.ForWarehouse(served.Warehouse.DatabasePath).Add("pat", TestUsers.Roles().Get("analyst"), [], Password);

        var (wrongStatus, wrongBody) = await GetAsync(served, Basic("pat", "guess-one"));
        var (unknownStatus, unknownBody) = await GetAsync(served, Basic("nobody", "guess-two"));
        var wireWrong = Assert.ThrowsAsync<PostgresException>(async () => await WireAsync(served, "pat", "guess-three"))!;
        var wireUnknown = Assert.ThrowsAsync<PostgresException>(async () => await WireAsync(served, "nobody", "guess-four"))!;
        await served.Context.Audit.FlushAsync(CancellationToken.None);

        Assert.That((wrongStatus, unknownStatus, wireWrong.SqlState, wireUnknown.SqlState), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, "28P01", "28P01")));
        Assert.That(Detail(unknownBody), Is.EqualTo(Detail(wrongBody)).And.EqualTo(ServingSecurity.WrongPassword), "an unknown name is told what a wrong password is");
        // Npgsql tries a refused sign-in twice, so the wire's rows come twice (and the address's fifth failure throttles the sixth).
        Assert.That(served.Warehouse.Rows("SELECT DISTINCT door, user_name, client_address, method, reason FROM audit.sign_in_failure WHERE reason NOT LIKE 'throttled%' ORDER BY ALL"), Is.EqualTo(new[]
        {
            "http|nobody|127.0.0.1|password|unknown user",
            "http|pat|127.0.0.1|password|wrong password",
            "pgwire|nobody|127.0.0.1|scram|unknown user",
            "pgwire|pat|127.0.0.1|scram|wrong password",
        }));
        Assert.That(served.Warehouse.Rows("SELECT count(*) FROM audit.sign_in_failure WHERE concat_ws('|', user_name, reason, client_address) LIKE '%guess%'"), Is.EqualTo(new[] { "0" }), "never the password");
    }

    [Test]
    public async Task After_five_failures_a_user_is_throttled_at_every_door_even_with_the_right_password()
    {
        await using var served = await ServeAsync();
        UserDirectory.ForWarehouse(served.Warehouse.DatabasePath).Add("vic", TestUsers.Roles().Get("analyst"), [], Password);
        for (var i = 0; i < SignInThrottle.FreeFailures; i++)
        {
            Assert.That((await GetAsync(served, Basic("vic", $"guess {i}"))).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var client = new HttpClient { BaseAddress = served.BaseAddress };
        client.DefaultRequestHeaders.Authorization = Basic("vic", Password);
        using var throttled = await client.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        var wire = Assert.ThrowsAsync<PostgresException>(async () => await WireAsync(served, "vic", Password))!;
        await served.Context.Audit.FlushAsync(CancellationToken.None);

        Assert.That(throttled.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), await throttled.Content.ReadAsStringAsync());
        Assert.That(throttled.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(wire.SqlState, Is.EqualTo("28P01"));
        Assert.That(wire.MessageText, Does.Contain("too many failed sign-ins"));
        Assert.That(served.Warehouse.Rows("SELECT door, count(*) > 0 FROM audit.sign_in_failure WHERE user_name = 'vic' AND reason LIKE 'throttled%' GROUP BY door ORDER BY door"),
            Is.EqualTo(new[] { "http|true", "pgwire|true" }), "Npgsql may try more than once");
    }

    [Test]
    public async Task A_tokens_last_use_is_kept_for_user_list_when_the_service_stops()
    {
        var served = await ServeAsync();
        try
        {
            var users = UserDirectory.ForWarehouse(served.Warehouse.DatabasePath);
            users.Add("lou", TestUsers.Roles().Get("analyst"), [], Password);
            var token = users.IssueToken("lou", TimeSpan.FromDays(1));
            Assert.That((await GetAsync(served, new("Bearer", token))).Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(users.List().Single(u => u.User.Name == "lou").Tokens.Single().LastUsed, Is.Null, "written once a minute, not per request");

            await served.Server.StopAsync();
            await served.Server.DisposeAsync();
            var listed = users.List().Single(u => u.User.Name == "lou").Tokens.Single();
            Assert.That((listed.Id, listed.LastUsed.HasValue, listed.Expires.HasValue), Is.EqualTo((token[5..15], true, true)));
        }
        finally
        {
            served.Client.Dispose();
            served.Warehouse.Dispose();
        }
    }

    private static string? Detail(string problem) => System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<ServedWarehouse> ServeAsync()
    {
        var options = new ServingOptions();
        options.PgWire.Enabled = true;
        options.PgWire.Port = 0;
        return await ServedWarehouse.StartAsync(new CubeWarehouse(), options).ConfigureAwait(false);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(ServedWarehouse served, AuthenticationHeaderValue credentials)
    {
        using var client = new HttpClient { BaseAddress = served.BaseAddress };
        client.DefaultRequestHeaders.Authorization = credentials;
        using var response = await client.GetAsync(new Uri("/api/cubes", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WireAsync(ServedWarehouse served, string user, string password)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = served.Server.Services.GetRequiredService<PgWireService>().Endpoint!.Port, Database = "warehouse",
            Username = user, Password = password, SslMode = SslMode.Disable, Pooling = false, Timeout = 30,
        }.ConnectionString);
        await connection.OpenAsync();
    }

    /// <summary>A clock some time ago, to make a token that has expired by now.</summary>
    private sealed class Past(TimeSpan ago) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - ago;
    }
}
