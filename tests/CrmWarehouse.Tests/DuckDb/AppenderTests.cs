using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Tests.DuckDb;

public sealed class AppenderTests
{
    [Test]
    public void Appends_many_rows_across_chunks_with_nulls()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        connection.Exec("CREATE SCHEMA staging; CREATE TABLE staging.rows (id BIGINT, amount DECIMAL(18,2), day DATE, name VARCHAR)");
        using (var appender = connection.CreateAppender("staging", "rows"))
        {
            for (var i = 0; i < 100_000; i++)
            {
                appender.Append((long)i).Append(i * 0.01m);
                if (i % 10 == 0)
                {
                    appender.AppendNull();
                }
                else
                {
                    appender.Append(new DateOnly(2024, 1, 1).AddDays(i % 366));
                }

                appender.Append(i % 3 == 0 ? null : $"客户 {i}").EndRow();
            }

            Assert.That(appender.RowCount, Is.EqualTo(100_000));
        }

        Assert.That(connection.Scalar("SELECT count(*) FROM staging.rows"), Is.EqualTo(100_000L));
        Assert.That(connection.Scalar("SELECT count(*) FROM staging.rows WHERE day IS NULL"), Is.EqualTo(10_000L));
        Assert.That(connection.Scalar("SELECT count(*) FROM staging.rows WHERE name IS NULL"), Is.EqualTo(33_334L));
        Assert.That(connection.Scalar("SELECT sum(amount)::VARCHAR FROM staging.rows"), Is.EqualTo("49999500.00"));
        Assert.That(connection.Scalar("SELECT name FROM staging.rows WHERE id = 99998"), Is.EqualTo("客户 99998"));
    }

    [Test]
    public void Wrong_value_type_names_row_and_column_and_discards_only_that_row()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE customers (id INTEGER, birth DATE)");
        using var appender = connection.CreateAppender("customers");
        appender.Append(1).Append(new DateOnly(1980, 5, 1)).EndRow();
        var error = Assert.Throws<DuckDbException>(() => appender.Append(2).Append("1980-05-01"))!;
        Assert.That(error.Message, Does.Contain("row 2").And.Contain("'birth'").And.Contain("DATE"));
        appender.Append(3).Append(new DateOnly(1990, 1, 1)).EndRow();
        appender.Close();
        Assert.That(connection.Scalar("SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM customers"), Is.EqualTo("1,3"));
    }

    [Test]
    public void Out_of_range_values_and_wrong_column_counts_are_refused()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (small TINYINT, rate DECIMAL(4,2))");
        using var appender = connection.CreateAppender("t");
        Assert.That(Assert.Throws<DuckDbException>(() => appender.Append(300))!.Message, Does.Contain("out of range").And.Contain("'small'"));
        Assert.That(Assert.Throws<DuckDbException>(() => appender.Append(1).Append(123.45m))!.Message, Does.Contain("out of range").And.Contain("'rate'"));
        Assert.That(Assert.Throws<DuckDbException>(() => appender.Append(1).EndRow())!.Message, Does.Contain("has 1 values but the table has 2"));
        Assert.That(Assert.Throws<DuckDbException>(() => appender.Append(1).Append(1.5m).Append(3))!.Message, Does.Contain("more values"));
        appender.Append(1).Append(1.555m).EndRow();
        appender.Close();
        Assert.That(connection.Scalar("SELECT rate::VARCHAR FROM t"), Is.EqualTo("1.56"), "rounded half away from zero to the column's scale");
    }

    [Test]
    public void Constraint_violation_at_flush_names_the_rows_and_the_reason()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)");
        var appender = connection.CreateAppender("t");
        appender.Append(1).Append("a").EndRow();
        appender.Append(2).AppendNull().EndRow();
        var error = Assert.Throws<DuckDbException>(appender.Flush)!;
        Assert.That(error.Message, Does.Contain("rows 1–2").Or.Contain("rows 1-2"));
        Assert.That(error.Message, Does.Contain("NOT NULL").IgnoreCase);
        Assert.That(error.ErrorType, Is.EqualTo(DuckDbErrorType.Constraint));
        Assert.Catch(appender.Dispose);
    }

    [Test]
    public void Unknown_table_is_a_clear_error()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        var error = Assert.Throws<DuckDbException>(() => connection.CreateAppender("staging", "nope"))!;
        Assert.That(error.Message, Does.Contain("staging.nope"));
    }

    [Test]
    public void Enum_uuid_blob_and_interval_columns_take_their_values()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Exec("CREATE TYPE gender AS ENUM ('M', 'F'); CREATE TABLE t (g gender, u UUID, b BLOB, i INTERVAL, h HUGEINT)");
        var id = Guid.NewGuid();
        using (var appender = connection.CreateAppender("t"))
        {
            appender.Append("F").Append(id).Append(new byte[] { 1, 2, 3 }).Append(TimeSpan.FromHours(25)).Append(Int128.MinValue).EndRow();
            Assert.That(Assert.Throws<DuckDbException>(() => appender.Append("X"))!.Message, Does.Contain("'X' is not a value of the ENUM"));
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT g, u, b, i, h FROM t";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("F"));
        Assert.That(reader.GetGuid(1), Is.EqualTo(id));
        Assert.That(reader.GetFieldValue<byte[]>(2), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(reader.GetFieldValue<TimeSpan>(3), Is.EqualTo(TimeSpan.FromHours(25)));
        Assert.That(reader.GetFieldValue<Int128>(4), Is.EqualTo(Int128.MinValue));
    }
}
