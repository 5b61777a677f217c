using Npgsql;
using NpgsqlTypes;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>Every type the wire protocol maps, read by Npgsql in binary (its default) and in text, as PostgreSQL would send it.</summary>
[TestFixture]
[NonParallelizable]
public sealed class TypeTests
{
    private const string EveryType = """
        SELECT true AS b, 1::SMALLINT AS i2, 2::INTEGER AS i4, 3::BIGINT AS i8, 1.5::FLOAT AS f4, 2.25::DOUBLE AS f8,
               -123.45::DECIMAL(10,2) AS num, 'héllo'::VARCHAR AS t, DATE '2026-03-15' AS d, TIME '13:14:15.5' AS tm,
               TIMESTAMP '2026-03-15 13:14:15.123456' AS ts, TIMESTAMPTZ '2026-03-15 13:14:15+00' AS tstz,
               INTERVAL '1 year 2 months 3 days 04:05:06' AS iv, '4b0c9e6e-0000-4000-8000-000000000001'::UUID AS u,
               '\x01\x02\xFF'::BLOB AS bytes, '{"a":1}'::JSON AS j, [1, 2, NULL]::INTEGER[] AS ints, ['a', 'b c']::VARCHAR[] AS texts,
               NULL::INTEGER AS nothing, 12345678901234567890::HUGEINT AS huge
        """;

    private ServedPgWire _served = null!;

    [OneTimeSetUp]
    public void Start() => _served = ServedPgWire.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _served.DisposeAsync();

    [Test]
    public void Binary_values_read_back_as_the_same_values()
    {
        using var connection = _served.Open();
        using var command = new NpgsqlCommand(EveryType, connection);
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetDataTypeName(0), Is.EqualTo("boolean"));
            Assert.That(reader.GetBoolean(0), Is.True);
            Assert.That(reader.GetInt16(1), Is.EqualTo(1));
            Assert.That(reader.GetInt32(2), Is.EqualTo(2));
            Assert.That(reader.GetInt64(3), Is.EqualTo(3));
            Assert.That(reader.GetFloat(4), Is.EqualTo(1.5f));
            Assert.That(reader.GetDouble(5), Is.EqualTo(2.25));
            Assert.That(reader.GetDecimal(6), Is.EqualTo(-123.45m));
            Assert.That(reader.GetString(7), Is.EqualTo("héllo"));
            Assert.That(reader.GetFieldValue<DateOnly>(8), Is.EqualTo(new DateOnly(2026, 3, 15)));
            Assert.That(reader.GetFieldValue<TimeOnly>(9), Is.EqualTo(new TimeOnly(13, 14, 15, 500)));
            Assert.That(reader.GetDateTime(10), Is.EqualTo(new DateTime(2026, 3, 15, 13, 14, 15, DateTimeKind.Unspecified).AddTicks(1234560)));
            Assert.That(reader.GetFieldValue<DateTime>(11), Is.EqualTo(new DateTime(2026, 3, 15, 13, 14, 15, DateTimeKind.Utc)));
            Assert.That(reader.GetFieldValue<NpgsqlInterval>(12), Is.EqualTo(new NpgsqlInterval(14, 3, (4 * 3600 + 5 * 60 + 6) * 1_000_000L)));
            Assert.That(reader.GetGuid(13), Is.EqualTo(Guid.Parse("4b0c9e6e-0000-4000-8000-000000000001")));
            Assert.That(reader.GetFieldValue<byte[]>(14), Is.EqualTo(new byte[] { 1, 2, 0xFF }));
            Assert.That(reader.GetDataTypeName(15), Is.EqualTo("json"));
            Assert.That(reader.GetString(15), Is.EqualTo("""{"a":1}"""));
            Assert.That(reader.GetFieldValue<int?[]>(16), Is.EqualTo(new int?[] { 1, 2, null }));
            Assert.That(reader.GetFieldValue<string[]>(17), Is.EqualTo(new[] { "a", "b c" }));
            Assert.That(reader.IsDBNull(18), Is.True);
            Assert.That(reader.GetDecimal(19), Is.EqualTo(12345678901234567890m));
        });
    }

    [Test]
    public void Text_values_are_written_as_postgresql_writes_them()
    {
        using var connection = _served.Open();
        using var command = new NpgsqlCommand(EveryType, connection) { AllResultTypesAreUnknown = true };
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i)).ToArray();
        Assert.That(values, Is.EqualTo(new[]
        {
            "t", "1", "2", "3", "1.5", "2.25", "-123.45", "héllo", "2026-03-15", "13:14:15.5", "2026-03-15 13:14:15.123456",
            "2026-03-15 13:14:15+00", "1 year 2 mons 3 days 04:05:06", "4b0c9e6e-0000-4000-8000-000000000001", "\\x0102ff",
            """{"a":1}""", "{1,2,NULL}", "{a,\"b c\"}", "NULL", "12345678901234567890",
        }));
    }

    [Test]
    public void Parameters_of_every_scalar_type_round_trip()
    {
        using var connection = _served.Open();
        using var command = new NpgsqlCommand("SELECT @b, @i2, @i4, @i8, @f8, @num, @t, @d, @ts, @tstz, @u, @bytes", connection);
        command.Parameters.AddWithValue("b", true);
        command.Parameters.AddWithValue("i2", (short)-2);
        command.Parameters.AddWithValue("i4", 40);
        command.Parameters.AddWithValue("i8", 1L << 40);
        command.Parameters.AddWithValue("f8", 0.1);
        command.Parameters.AddWithValue("num", 98765.4321m);
        command.Parameters.AddWithValue("t", "工商银行");
        command.Parameters.AddWithValue("d", new DateOnly(2025, 12, 31));
        command.Parameters.AddWithValue("ts", new DateTime(2025, 12, 31, 23, 59, 58, DateTimeKind.Unspecified));
        command.Parameters.AddWithValue("tstz", new DateTime(2025, 12, 31, 23, 59, 58, DateTimeKind.Utc));
        command.Parameters.AddWithValue("u", Guid.Parse("00000000-0000-4000-8000-00000000abcd"));
        command.Parameters.AddWithValue("bytes", new byte[] { 9, 8, 7 });
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetBoolean(0), Is.True);
            Assert.That(reader.GetInt16(1), Is.EqualTo(-2));
            Assert.That(reader.GetInt32(2), Is.EqualTo(40));
            Assert.That(reader.GetInt64(3), Is.EqualTo(1L << 40));
            Assert.That(reader.GetDouble(4), Is.EqualTo(0.1));
            Assert.That(reader.GetDecimal(5), Is.EqualTo(98765.4321m));
            Assert.That(reader.GetString(6), Is.EqualTo("工商银行"));
            Assert.That(reader.GetFieldValue<DateOnly>(7), Is.EqualTo(new DateOnly(2025, 12, 31)));
            Assert.That(reader.GetDateTime(8), Is.EqualTo(new DateTime(2025, 12, 31, 23, 59, 58)));
            Assert.That(reader.GetFieldValue<DateTime>(9), Is.EqualTo(new DateTime(2025, 12, 31, 23, 59, 58, DateTimeKind.Utc)));
            Assert.That(reader.GetGuid(10), Is.EqualTo(Guid.Parse("00000000-0000-4000-8000-00000000abcd")));
            Assert.That(reader.GetFieldValue<byte[]>(11), Is.EqualTo(new byte[] { 9, 8, 7 }));
        });
    }
}
