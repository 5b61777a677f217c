using System.Numerics;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>The values the warehouse stores, through DuckDB.NET's appender, parameters and reader.</summary>
public sealed class TypeRoundTripTests : InMemoryDuckDb
{
    [SetUp]
    public void Create()
    {
        Connection.Execute("""
            CREATE TABLE v (id BIGINT, amount DECIMAL(18, 2), rate DECIMAL(38, 10), big HUGEINT, day DATE, seen_at TIMESTAMP,
                            name VARCHAR, flag BOOLEAN, score DOUBLE, tier TINYINT)
            """, CancellationToken.None);
    }

    [Test]
    public void Appended_values_read_back_unchanged()
    {
        var at = new DateTime(2026, 6, 30, 23, 59, 58, 123);
        using (var appender = Connection.CreateAppender("v"))
        {
            appender.CreateRow().AppendValue(1L).AppendValue(12345678901234.56m).AppendValue(0.0000000001m).AppendValue(BigInteger.Parse("170141183460469231731687303715884105727"))
                .AppendValue(new DateOnly(1949, 10, 1)).AppendValue(at).AppendValue("张三·招商银行 金卡").AppendValue(true).AppendValue(-0.5).AppendValue((sbyte)5).EndRow();
            appender.CreateRow().AppendValue(2L).AppendNullValue().AppendNullValue().AppendNullValue().AppendNullValue().AppendNullValue()
                .AppendValue((string?)null).AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
        }

        using var reader = Connection.Reader("SELECT * FROM v ORDER BY id", CancellationToken.None);
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetDecimal(1), Is.EqualTo(12345678901234.56m));
        Assert.That(reader.GetDecimal(2), Is.EqualTo(0.0000000001m));
        Assert.That(reader.GetFieldValue<BigInteger>(3), Is.EqualTo(BigInteger.Parse("170141183460469231731687303715884105727")));
        Assert.That(reader.GetFieldValue<DateOnly>(4), Is.EqualTo(new DateOnly(1949, 10, 1)));
        Assert.That(reader.GetDateTime(5), Is.EqualTo(at));
        Assert.That(reader.GetString(6), Is.EqualTo("张三·招商银行 金卡"));
        Assert.That((reader.GetBoolean(7), reader.GetDouble(8), reader.GetFieldValue<sbyte>(9)), Is.EqualTo((true, -0.5, (sbyte)5)));

        Assert.That(reader.Read(), Is.True);
        Assert.That(Enumerable.Range(1, 9).Select(reader.IsDBNull), Is.All.True, "every NULL stays NULL");
        Assert.That(reader.GetValue(6), Is.EqualTo(DBNull.Value));
    }

    [Test]
    public void Parameters_bind_the_same_values()
    {
        Connection.Execute("INSERT INTO v (id, amount, day, name) VALUES ($id, $amount, $day, $name)", CancellationToken.None,
            ("id", 3L), ("amount", 99.99m), ("day", new DateOnly(2026, 2, 29 - 1)), ("name", "李四"));
        Connection.Execute("INSERT INTO v (id, name) VALUES ($id, $name)", CancellationToken.None, ("id", 4L), ("name", null));

        Assert.That(Connection.Count("SELECT count(*) FROM v WHERE amount = 99.99 AND day = DATE '2026-02-28' AND name = '李四'", CancellationToken.None), Is.EqualTo(1L));
        Assert.That(Connection.Count("SELECT count(*) FROM v WHERE id = 4 AND name IS NULL", CancellationToken.None), Is.EqualTo(1L));
    }

    [Test]
    public void Decimal_beyond_the_clr_range_still_reads_exactly_as_text()
    {
        using var reader = Connection.Reader("SELECT 12345678901234567890123456.123456789012::DECIMAL(38, 12)::VARCHAR", CancellationToken.None);
        reader.Read();

        Assert.That(reader.GetString(0), Is.EqualTo("12345678901234567890123456.123456789012"));
    }

    [Test]
    public void Appender_rejects_a_value_of_the_wrong_type()
    {
        using var appender = Connection.CreateAppender("v");

        Assert.Catch<Exception>(() => appender.CreateRow().AppendValue("not a number").EndRow());
    }
}
