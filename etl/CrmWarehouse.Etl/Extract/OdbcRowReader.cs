using System.Buffers;
using System.Collections;
using System.Data;
using System.Data.Common;
using System.Text;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// An ODBC reader whose rows are fetched whole, each column once, with the C type that keeps its value intact:
/// System.Data.Odbc keeps the first value it fetches of a column (IsDBNull fetches one too), so a column that must
/// be fetched another way has to be fetched that way first. Two Debian drivers need it: MariaDB Connector/ODBC 3.1
/// drops the last character of some UTF-8 strings when it converts them to UTF-16, so its text is fetched as bytes
/// (<paramref name="textAsUtf8"/>); the SQLite driver declares INTEGER (64-bit in SQLite) as 32-bit SQL_INTEGER, so
/// integers are fetched as 64-bit (<paramref name="wideIntegers"/>). A typed fetch of a NULL fails with a cast
/// error, which is how NULL shows on those columns.
/// </summary>
internal sealed class OdbcRowReader(DbDataReader odbc, bool textAsUtf8, bool wideIntegers) : DbDataReader
{
    private readonly object[] _values = new object[odbc.FieldCount];
    private readonly Func<DbDataReader, int, object>[] _fetch = Enumerable.Range(0, odbc.FieldCount).Select(i => Fetch(odbc, i, textAsUtf8, wideIntegers)).ToArray();

    public override int FieldCount => _values.Length;

    public override bool HasRows => odbc.HasRows;

    public override bool IsClosed => odbc.IsClosed;

    public override int RecordsAffected => odbc.RecordsAffected;

    public override int Depth => odbc.Depth;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (!odbc.Read())
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _fetch[i](odbc, i);
        }

        return true;
    }

    public override bool NextResult() => false;

    public override Type GetFieldType(int ordinal) => odbc.GetFieldType(ordinal) == typeof(int) && wideIntegers ? typeof(long) : odbc.GetFieldType(ordinal);

    public override string GetName(int ordinal) => odbc.GetName(ordinal);

    public override int GetOrdinal(string name) => odbc.GetOrdinal(name);

    public override string GetDataTypeName(int ordinal) => odbc.GetDataTypeName(ordinal);

    public override DataTable? GetSchemaTable() => odbc.GetSchemaTable();

    public override bool IsDBNull(int ordinal) => _values[ordinal] is DBNull;

    public override object GetValue(int ordinal) => _values[ordinal];

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, _values.Length);
        Array.Copy(_values, values, count);
        return count;
    }

    public override bool GetBoolean(int ordinal) => (bool)_values[ordinal];

    public override byte GetByte(int ordinal) => (byte)_values[ordinal];

    public override char GetChar(int ordinal) => (char)_values[ordinal];

    public override short GetInt16(int ordinal) => (short)_values[ordinal];

    public override int GetInt32(int ordinal) => (int)_values[ordinal];

    public override long GetInt64(int ordinal) => Convert.ToInt64(_values[ordinal], System.Globalization.CultureInfo.InvariantCulture);

    public override float GetFloat(int ordinal) => (float)_values[ordinal];

    public override double GetDouble(int ordinal) => (double)_values[ordinal];

    public override decimal GetDecimal(int ordinal) => (decimal)_values[ordinal];

    public override DateTime GetDateTime(int ordinal) => (DateTime)_values[ordinal];

    public override Guid GetGuid(int ordinal) => (Guid)_values[ordinal];

    public override string GetString(int ordinal) => (string)_values[ordinal];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        Slice((byte[])_values[ordinal], dataOffset, buffer, bufferOffset, length);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        Slice(((string)_values[ordinal]).ToCharArray(), dataOffset, buffer, bufferOffset, length);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            odbc.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Func<DbDataReader, int, object> Fetch(DbDataReader odbc, int ordinal, bool textAsUtf8, bool wideIntegers) => odbc.GetFieldType(ordinal) switch
    {
        var t when t == typeof(string) && textAsUtf8 => static (r, i) => OrNull(r, i, Utf8),
        var t when t == typeof(int) && wideIntegers => static (r, i) => OrNull(r, i, static (r, i) => r.GetInt64(i)),
        _ => static (r, i) => r.GetValue(i),
    };

    private static object OrNull<T>(DbDataReader reader, int ordinal, Func<DbDataReader, int, T> fetch)
        where T : notnull
    {
        try
        {
            return fetch(reader, ordinal);
        }
        catch (InvalidCastException) when (reader.IsDBNull(ordinal))
        {
            return DBNull.Value;
        }
    }

    private static string Utf8(DbDataReader reader, int ordinal)
    {
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = (int)reader.GetBytes(ordinal, 0, buffer, 0, length);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long Slice<T>(T[] value, long offset, T[]? buffer, int bufferOffset, int length)
    {
        if (buffer is null)
        {
            return value.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, value.Length - offset));
        Array.Copy(value, offset, buffer, bufferOffset, count);
        return count;
    }
}
