using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// 10,000 malformed, truncated, oversized and out-of-order message sequences, before and after sign-in: the server
/// answers each with an ErrorResponse or closes, never fails inside (XX000), never hangs, never allocates what a
/// length field claims, and keeps answering a well-behaved client throughout.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FuzzTests
{
    private static readonly string[] Queries = ["SELECT 1", "SELEC 1", "", "SELECT $1", "SELECT $1::int + $2", "BEGIN", "COMMIT", "SET x = 1", "SHOW ALL", "SELECT * FROM nowhere", "COPY (SELECT 1) TO STDOUT", "SELECT 1; SELECT 2"];

    private ServedPgWire _served = null!;
    private NpgsqlConnection _bystander = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _served = ServedPgWire.Start();
        _bystander = _served.Open();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _bystander.DisposeAsync();
        await _served.DisposeAsync();
    }

    [Test]
    public void Signed_in_sessions_survive_6000_bad_message_sequences()
    {
        var cases = 0;
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Frame()).Select(frames => frames.Take(8).ToArray())), frames =>
        {
            using var client = new RawPgClient(_served.Port);
            Assert.That(client.SignIn(ServedPgWire.User, ServedPgWire.Password), Is.True);
            foreach (var frame in frames)
            {
                if (!client.TrySend(frame))
                {
                    break;
                }
            }

            CheckAnswer(client.SendEndAndReadAll(), frames);
            if (++cases % 500 == 0)
            {
                StillServing();
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(6000).WithQuietOnSuccess(true));
        StillServing();
    }

    [Test]
    public void The_startup_phase_survives_4000_bad_packets()
    {
        var cases = 0;
        Prop.ForAll(Arb.From(StartupPacket()), packet =>
        {
            using var client = new RawPgClient(_served.Port);
            client.TrySend(packet);
            CheckAnswer(client.SendEndAndReadAll(), [packet]);
            if (++cases % 500 == 0)
            {
                StillServing();
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(4000).WithQuietOnSuccess(true));
        StillServing();
    }

    [Test]
    public void A_1_GB_length_field_is_refused_without_allocating_it()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 20; i++)
        {
            using var client = new RawPgClient(_served.Port);
            Assert.That(client.SignIn(ServedPgWire.User, ServedPgWire.Password), Is.True);
            client.Send([(byte)'Q', .. RawPgClient.Int32(1 << 30), .. "SELECT 1"u8]);
            var answer = client.SendEndAndReadAll();
            Assert.That(answer, Is.Not.Null.And.Not.Empty);
            Assert.That(RawPgClient.SqlState(answer!.Last(m => m.Type == 'E').Body), Is.EqualTo("54000"));
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(allocated, Is.LessThan(256L * 1024 * 1024), "20 messages claiming 1 GB each must not cost 20 GB");
        StillServing();
    }

    private void StillServing() =>
        Assert.That(new NpgsqlCommand("SELECT 41 + 1", _bystander).ExecuteScalar(), Is.EqualTo(42), "the server stopped serving a good client");

    private static void CheckAnswer(List<(char Type, byte[] Body)>? answer, byte[][] sent)
    {
        var description = string.Join(" | ", sent.Select(f => Convert.ToHexString(f.AsSpan(0, Math.Min(f.Length, 48)))));
        Assert.That(answer, Is.Not.Null, $"the server neither answered nor closed: {description}");
        var internalErrors = answer!.Where(m => m.Type == 'E' && RawPgClient.SqlState(m.Body) == "XX000").ToList();
        Assert.That(internalErrors, Is.Empty, $"the server failed inside on: {description}");
    }

    /// <summary>One frontend frame: well-formed, lying about its length, out of order, or plain garbage.</summary>
    private static Gen<byte[]> Frame() => Gen.OneOf(
        Garbage(),
        Gen.Elements("QPBDESHCXdcfFpZz!".ToCharArray()).SelectMany(type => Garbage(), (type, body) => RawPgClient.Message(type, body)),
        Gen.Elements("QPBDE".ToCharArray()).SelectMany(
            type => Gen.Elements(-5, 0, 3, 5, 1 << 20, (1 << 20) + 1, 1 << 30, int.MaxValue),
            (type, length) => new byte[] { (byte)type }.Concat(RawPgClient.Int32(length)).Concat("SELECT"u8.ToArray()).ToArray()),
        Parse(),
        Bind(),
        Gen.Elements(Queries).Select(q => RawPgClient.Message('Q', [.. Encoding.UTF8.GetBytes(q), 0])),
        Gen.Elements((byte)'S', (byte)'P', (byte)'x').SelectMany(kind => Name(), (kind, name) => RawPgClient.Message('D', [kind, .. name])),
        Name().SelectMany(name => Gen.Choose(-1, 3), (name, rows) => RawPgClient.Message('E', [.. name, .. RawPgClient.Int32(rows)])),
        Gen.Elements((byte)'S', (byte)'P', (byte)'?').SelectMany(kind => Name(), (kind, name) => RawPgClient.Message('C', [kind, .. name])),
        Gen.Constant(RawPgClient.Message('S', [])),
        Gen.Constant(RawPgClient.Message('H', [])));

    private static Gen<byte[]> Parse() =>
        from name in Name()
        from query in Gen.Elements(Queries)
        from count in Gen.Choose(-1, 4)
        from oid in Gen.Elements(0, 23, 25, 1043, 1700, 99999)
        from terminate in Gen.Elements(true, true, false)
        select RawPgClient.Message('P', [.. name, .. Encoding.UTF8.GetBytes(query), .. terminate ? new byte[] { 0 } : [], .. new byte[] { (byte)(count >> 8), (byte)count }, .. Enumerable.Repeat(oid, Math.Max(count, 0)).SelectMany(RawPgClient.Int32)]);

    private static Gen<byte[]> Bind() =>
        from portal in Name()
        from statement in Name()
        from formats in Gen.Choose(0, 3)
        from format in Gen.Choose(-1, 2)
        from values in Gen.Choose(0, 3)
        from length in Gen.Elements(-1, 0, 1, 4, 8, 1 << 30)
        from value in Garbage()
        select RawPgClient.Message('B',
        [
            .. portal, .. statement,
            0, (byte)formats, .. Enumerable.Repeat(new byte[] { (byte)(format >> 8), (byte)format }, formats).SelectMany(b => b),
            0, (byte)values, .. Enumerable.Repeat(RawPgClient.Int32(length).Concat(value), values).SelectMany(b => b),
            0, 0,
        ]);

    private static Gen<byte[]> Name() => Gen.Elements(string.Empty, "s1", "p1", "missing").Select(n => Encoding.UTF8.GetBytes(n + "\0"));

    private static Gen<byte[]> Garbage() => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(bytes => bytes.Take(64).ToArray());

    /// <summary>A first packet: random bytes, a wrong length, an unknown protocol, or a startup/SSL/cancel request with bad fields.</summary>
    private static Gen<byte[]> StartupPacket() => Gen.OneOf(
        Garbage(),
        from length in Gen.Elements(-1, 0, 4, 7, 8, 9, 10_001, 1 << 30)
        from code in Gen.Elements(196608, 196609, 131072, 80877103, 80877104, 80877102, 0, -1)
        from body in Garbage()
        select RawPgClient.Int32(length).Concat(RawPgClient.Int32(code)).Concat(body).ToArray(),
        from code in Gen.Elements(196608, 196610, 80877103, 80877102)
        from parameters in Gen.Elements("user\0analyst\0\0", "user\0\0", "database\0warehouse\0\0", "user\0nobody\0database\0warehouse\0\0", "user\0analyst", "_pq_.x\0y\0user\0analyst\0\0", "")
        select RawPgClient.Int32(8 + Encoding.UTF8.GetByteCount(parameters)).Concat(RawPgClient.Int32(code)).Concat(Encoding.UTF8.GetBytes(parameters)).ToArray());
}
