using System.Numerics;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>
/// Every supported type goes in three ways (parameter, appender, SQL literal) and comes out through the reader;
/// DuckDB's own VARCHAR cast of the stored value must equal the value we meant.
/// </summary>
public sealed class TypeRoundTripTests
{
    private static readonly Guid SampleGuid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("BOOLEAN", true, "true");
        yield return Case("BOOLEAN", false, "false");
        yield return Case("TINYINT", sbyte.MinValue, "-128");
        yield return Case("TINYINT", sbyte.MaxValue, "127");
        yield return Case("SMALLINT", short.MinValue, "-32768");
        yield return Case("INTEGER", int.MinValue, "-2147483648");
        yield return Case("INTEGER", int.MaxValue, "2147483647");
        yield return Case("BIGINT", long.MinValue, "-9223372036854775808");
        yield return Case("BIGINT", long.MaxValue, "9223372036854775807");
        yield return Case("UTINYINT", byte.MaxValue, "255");
        yield return Case("USMALLINT", ushort.MaxValue, "65535");
        yield return Case("UINTEGER", uint.MaxValue, "4294967295");
        yield return Case("UBIGINT", ulong.MaxValue, "18446744073709551615");
        yield return Case("HUGEINT", Int128.MinValue, "-170141183460469231731687303715884105728");
        yield return Case("HUGEINT", Int128.MaxValue, "170141183460469231731687303715884105727");
        yield return Case("UHUGEINT", UInt128.MaxValue, "340282366920938463463374607431768211455");
        yield return Case("FLOAT", 1.5f, "1.5");
        yield return Case("DOUBLE", -2.5e-300, "-2.5e-300");
        yield return Case("DOUBLE", double.MaxValue, "1.7976931348623157e+308");
        yield return Case("DECIMAL(4,1)", 123.4m, "123.4");
        yield return Case("DECIMAL(9,2)", -9999999.99m, "-9999999.99");
        yield return Case("DECIMAL(18,6)", 123456789012.345678m, "123456789012.345678");
        yield return Case("DECIMAL(38,10)", 123456789012345678.0123456789m, "123456789012345678.0123456789");
        yield return Case("DECIMAL(38,10)", -0.0000000001m, "-0.0000000001");
        yield return Case("VARCHAR", "", "");
        yield return Case("VARCHAR", "twelve bytes", "twelve bytes");
        yield return Case("VARCHAR", "thirteen byte", "thirteen byte");
        yield return Case("VARCHAR", "中文客户 张三 😀 with emoji", "中文客户 张三 😀 with emoji");
        yield return Case("VARCHAR", new string('长', 5000), new string('长', 5000));
        yield return Case("BLOB", new byte[] { 0, 1, 0xAB, (byte)'a' }, "\\x00\\x01\\xABa");
        yield return Case("DATE", new DateOnly(1900, 2, 28), "1900-02-28");
        yield return Case("DATE", new DateOnly(1969, 12, 31), "1969-12-31");
        yield return Case("DATE", new DateOnly(2150, 6, 30), "2150-06-30");
        yield return Case("TIME", new TimeOnly(23, 59, 59, 999, 999), "23:59:59.999999");
        yield return Case("TIMESTAMP", new DateTime(1950, 1, 1, 0, 0, 0).AddTicks(10), "1950-01-01 00:00:00.000001");
        yield return Case("TIMESTAMP", new DateTime(2200, 12, 31, 23, 59, 59).AddTicks(1234560), "2200-12-31 23:59:59.123456");
        yield return Case("TIMESTAMPTZ", new DateTimeOffset(2024, 2, 10, 8, 30, 0, TimeSpan.FromHours(8)), "2024-02-10 00:30:00+00");
        yield return Case("INTERVAL", new DuckDbInterval(14, 3, 3_723_000_001), "1 year 2 months 3 days 01:02:03.000001");
        yield return Case("UUID", SampleGuid, "0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    private static TestCaseData Case(string sqlType, object value, string text) =>
        new TestCaseData(sqlType, value, text).SetArgDisplayNames(sqlType, text.Length > 30 ? text[..30] : text);

    [TestCaseSource(nameof(Cases))]
    public void Parameter_round_trips(string sqlType, object value, string text)
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        connection.Exec($"CREATE TABLE t (v {sqlType})");
        connection.Exec("INSERT INTO t VALUES ($1)", value);
        AssertStored(connection, sqlType, value, text);
    }

    [TestCaseSource(nameof(Cases))]
    public void Appender_round_trips(string sqlType, object value, string text)
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        connection.Exec($"CREATE TABLE t (v {sqlType})");
        using (var appender = connection.CreateAppender("t"))
        {
            appender.AppendValue(value).EndRow();
        }

        AssertStored(connection, sqlType, value, text);
    }

    [TestCaseSource(nameof(Cases))]
    public void Null_round_trips(string sqlType, object value, string text)
    {
        _ = value;
        _ = text;
        using var db = new TempDatabase();
        using var connection = db.Open();
        connection.Exec($"CREATE TABLE t (v {sqlType})");
        connection.Exec("INSERT INTO t VALUES ($1)", (object?)null);
        using (var appender = connection.CreateAppender("t"))
        {
            appender.AppendNull().EndRow();
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM t";
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            Assert.That(reader.IsDBNull(0), Is.True);
            Assert.That(reader.GetValue(0), Is.EqualTo(DBNull.Value));
        }

        Assert.That(rows, Is.EqualTo(2));
    }

    private static void AssertStored(DuckDbConnection connection, string sqlType, object value, string text)
    {
        Assert.That(connection.Scalar("SELECT v::VARCHAR FROM t"), Is.EqualTo(text), "DuckDB's own text of the stored value");

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM t";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        var read = reader.GetValue(0);
        Assert.That(Normalise(read), Is.EqualTo(Normalise(value)), $"GetValue of {sqlType}");
        Assert.That(reader.GetString(0), Is.EqualTo(text), "GetString");
        Assert.That(reader.GetFieldType(0), Is.EqualTo(read.GetType()));
        Assert.That(reader.GetDataTypeName(0), Does.StartWith(sqlType.Split('(')[0].Replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", StringComparison.Ordinal)));
        Assert.That(reader.Read(), Is.False);
    }

    /// <summary>Brings a written value and a read one to one comparable form (DATE reads as DateTime, TIME as TimeSpan…).</summary>
    private static object Normalise(object value) => value switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        TimeOnly t => t.ToTimeSpan(),
        DateTimeOffset o => o.UtcDateTime,
        DateTime d when d.Kind == DateTimeKind.Utc => d,
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        _ => value,
    };

    [Test]
    public void Typed_getters_read_dates_times_and_wide_integers()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DATE '1850-03-04' d, TIME '12:34:56' t, 170141183460469231731687303715884105727::HUGEINT h,
                   42::UTINYINT u, 7::DECIMAL(5,0) d0, 'b'::ENUM('a','b') e, TIMESTAMP_NS '2020-01-01 00:00:00.123456789' ns,
                   TIMESTAMP_S '2020-01-01 10:00:00' s, TIMESTAMP_MS '2020-01-01 10:00:00.5' ms
            """;
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetFieldValue<DateOnly>(0), Is.EqualTo(new DateOnly(1850, 3, 4)));
            Assert.That(reader.GetDateTime(0), Is.EqualTo(new DateTime(1850, 3, 4)));
            Assert.That(reader.GetFieldValue<TimeOnly>(1), Is.EqualTo(new TimeOnly(12, 34, 56)));
            Assert.That(reader.GetFieldValue<Int128>(2), Is.EqualTo(Int128.MaxValue));
            Assert.That(reader.GetFieldValue<BigInteger>(2), Is.EqualTo((BigInteger)Int128.MaxValue));
            Assert.That(reader.GetInt32(3), Is.EqualTo(42));
            Assert.That(reader.GetInt64(4), Is.EqualTo(7));
            Assert.That(reader.GetString(5), Is.EqualTo("b"));
            Assert.That(reader.GetDataTypeName(5), Is.EqualTo("ENUM"));
            Assert.That(reader.GetDateTime(6), Is.EqualTo(new DateTime(2020, 1, 1).AddTicks(1234567)));
            Assert.That(reader.GetDateTime(7), Is.EqualTo(new DateTime(2020, 1, 1, 10, 0, 0)));
            Assert.That(reader.GetDateTime(8), Is.EqualTo(new DateTime(2020, 1, 1, 10, 0, 0, 500)));
            Assert.That(reader.GetFieldValue<int?>(3), Is.EqualTo(42));
        });
    }

    [Test]
    public void Nested_types_read_as_duckdb_text()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        const string values = "[1, NULL, 3] AS l, {'name': '张三', 'age': 30} AS s, MAP {'a': 1, 'b': 2} AS m, [[1], [2, 3]] AS ll, [1, 2, 3]::INTEGER[3] AS a";
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT l, s, m, ll, a, l::VARCHAR, s::VARCHAR, m::VARCHAR, ll::VARCHAR, a::VARCHAR FROM (SELECT {values})";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(reader.GetValue(i), Is.EqualTo(reader.GetString(i + 5)), reader.GetName(i));
        }

        Assert.That(reader.GetDataTypeName(0), Is.EqualTo("INTEGER[]"));
        Assert.That(reader.GetDataTypeName(1), Is.EqualTo("STRUCT(name VARCHAR, age INTEGER)"));
        Assert.That(reader.GetDataTypeName(2), Is.EqualTo("MAP(VARCHAR, INTEGER)"));
    }

    [Test]
    public void Decimal_wider_than_System_Decimal_is_rounded_but_its_text_is_exact()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1234567890123456789012345678.0123456789::DECIMAL(38,10)";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("1234567890123456789012345678.0123456789"));
        Assert.That(reader.GetDecimal(0), Is.EqualTo(1234567890123456789012345678m));
    }
}
