using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>The staging appender writes DuckDB's in-memory form of each value; DuckDB's own casts are the reference.</summary>
public sealed class ChunkAppenderTests : InMemoryDuckDb
{
    [SetUp]
    public void Create()
    {
        Connection.Execute("""
            CREATE TABLE t (id BIGINT, n INTEGER, s SMALLINT, flag BOOLEAN, x DOUBLE, f FLOAT, day DATE, seen_at TIMESTAMP, tz TIMESTAMPTZ,
                            u UUID, d4 DECIMAL(4, 1), d9 DECIMAL(9, 2), d18 DECIMAL(18, 4), d38 DECIMAL(38, 10), name VARCHAR, raw BLOB)
            """, CancellationToken.None);
    }

    [Test]
    public void Every_type_reads_back_as_DuckDB_would_cast_it()
    {
        using (var appender = new ChunkAppender(Connection, null, null, "t"))
        {
            appender.Append(1L).Append(-7).Append((short)-3).Append(true).Append(-0.25).Append(1.5f)
                .Append(new DateOnly(1949, 10, 1)).Append(new DateTime(2026, 6, 30, 23, 59, 58, 123).AddTicks(4560))
                .Append(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8)))
                .Append(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))
                .Append(-123.4m).Append(1234567.89m).Append(-12345678901234.5678m).Append(1234567890123456.0123456789m)
                .Append("张三·招商银行 金卡").Append(new byte[] { 0, 255, 7 }).EndRow();
            appender.Close();
        }

        using var reader = Connection.Reader("""
            SELECT id, n, s, flag, x, f, day::VARCHAR, seen_at::VARCHAR, (tz AT TIME ZONE 'UTC')::VARCHAR, u::VARCHAR,
                   d4::VARCHAR, d9::VARCHAR, d18::VARCHAR, d38::VARCHAR, name, hex(raw) FROM t
            """, CancellationToken.None);
        Assert.That(reader.Read(), Is.True);
        Assert.That(Enumerable.Range(0, reader.FieldCount).Select(reader.GetText), Is.EqualTo(new[]
        {
            "1", "-7", "-3", "true", "-0.25", "1.5", "1949-10-01", "2026-06-30 23:59:58.123456", "2026-07-01 00:00:00",
            "0f8fad5b-d9cb-469f-a165-70867728950e", "-123.4", "1234567.89", "-12345678901234.5678", "1234567890123456.0123456789",
            "张三·招商银行 金卡", "00FF07",
        }));
    }

    [Test]
    public void Nulls_and_many_chunks_arrive_in_order()
    {
        const int Rows = 5000;
        using (var appender = new ChunkAppender(Connection, null, null, "t"))
        {
            for (var i = 0; i < Rows; i++)
            {
                appender.Append((long)i);
                for (var c = 1; c < 14; c++)
                {
                    appender.AppendNull();
                }

                appender.Append(i % 3 == 0 ? null : $"row {i}").AppendNull().EndRow();
            }

            appender.Close();
        }

        Assert.That(Connection.Count("SELECT count(*) FROM t", CancellationToken.None), Is.EqualTo(Rows));
        Assert.That(Connection.Count("SELECT count(*) FROM t WHERE name = 'row ' || id OR (id % 3 = 0 AND name IS NULL)", CancellationToken.None), Is.EqualTo(Rows));
        Assert.That(Connection.Count("SELECT count(*) FROM t WHERE n IS NOT NULL OR d38 IS NOT NULL OR raw IS NOT NULL", CancellationToken.None), Is.Zero);
    }

    [Test]
    public void Refuses_a_value_of_another_type_than_the_column()
    {
        using var appender = new ChunkAppender(Connection, null, null, "t");

        Assert.That(() => appender.Append(1), Throws.InvalidOperationException.With.Message.Contains("BigInt"));
    }

    [Test]
    public void Refuses_a_row_with_too_few_values()
    {
        using var appender = new ChunkAppender(Connection, null, null, "t");
        appender.Append(1L);

        Assert.That(appender.EndRow, Throws.InvalidOperationException.With.Message.Contains("16 columns"));
    }

    [Test]
    public void Refuses_a_table_that_does_not_exist()
    {
        Assert.That(() => new ChunkAppender(Connection, null, null, "missing"), Throws.InstanceOf<DuckDbScriptException>().With.Message.Contains("missing"));
    }
}
