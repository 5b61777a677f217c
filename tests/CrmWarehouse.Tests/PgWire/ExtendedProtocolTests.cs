using System.Text;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>The extended protocol message by message: named statements and portals, Execute with a row limit, Close.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ExtendedProtocolTests
{
    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Execute_with_a_row_limit_suspends_the_portal_and_goes_on_where_it_stopped()
    {
        using var client = new RawPgClient(_served.Port);
        Assert.That(client.SignIn(ServedPgWire.User, ServedPgWire.Password), Is.True);
        client.Send(RawPgClient.Message('P', [.. Cstring("five"), .. Cstring("SELECT range AS n FROM range(5)"), 0, 0]));
        client.Send(RawPgClient.Message('B', [.. Cstring("cursor"), .. Cstring("five"), 0, 0, 0, 0, 0, 0]));
        client.Send(RawPgClient.Message('E', [.. Cstring("cursor"), .. RawPgClient.Int32(2)]));
        client.Send(RawPgClient.Message('E', [.. Cstring("cursor"), .. RawPgClient.Int32(2)]));
        client.Send(RawPgClient.Message('E', [.. Cstring("cursor"), .. RawPgClient.Int32(2)]));
        client.Send(RawPgClient.Message('C', [(byte)'P', .. Cstring("cursor")]));
        client.Send(RawPgClient.Message('S', []));
        client.Send(RawPgClient.Message('X', []));
        var answer = client.SendEndAndReadAll()!;
        var kinds = new string(answer.Select(m => m.Type).ToArray());
        Assert.That(kinds, Is.EqualTo("12DDsDDsDC3Z"), "ParseComplete, BindComplete, 2 rows + PortalSuspended twice, the last row and CommandComplete, CloseComplete, ReadyForQuery");
        var rows = answer.Where(m => m.Type == 'D').Select(m => Encoding.UTF8.GetString(m.Body.AsSpan(6))).ToArray();
        Assert.That(rows, Is.EqualTo(new[] { "0", "1", "2", "3", "4" }));
        Assert.That(Encoding.UTF8.GetString(answer.Single(m => m.Type == 'C').Body), Is.EqualTo("SELECT 5\0"));
    }

    [Test]
    public void An_error_skips_the_rest_until_sync_and_the_session_goes_on()
    {
        using var client = new RawPgClient(_served.Port);
        Assert.That(client.SignIn(ServedPgWire.User, ServedPgWire.Password), Is.True);
        client.Send(RawPgClient.Message('P', [.. Cstring(""), .. Cstring("SELECT * FROM role_analyst.nowhere"), 0, 0]));
        client.Send(RawPgClient.Message('B', [.. Cstring(""), .. Cstring(""), 0, 0, 0, 0, 0, 0]));
        client.Send(RawPgClient.Message('E', [.. Cstring(""), .. RawPgClient.Int32(0)]));
        client.Send(RawPgClient.Message('S', []));
        client.Send(RawPgClient.Message('Q', Cstring("SELECT 'after'")));
        client.Send(RawPgClient.Message('X', []));
        var answer = client.SendEndAndReadAll()!;
        Assert.That(new string(answer.Select(m => m.Type).ToArray()), Is.EqualTo("EZTDCZ"));
        Assert.That(RawPgClient.SqlState(answer[0].Body), Is.EqualTo("42P01"));
    }

    private static byte[] Cstring(string text) => [.. Encoding.UTF8.GetBytes(text), 0];
}
