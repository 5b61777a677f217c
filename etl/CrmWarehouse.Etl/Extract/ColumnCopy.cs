using System.Data.Common;
using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// Copies one column from a source reader into the staging appender with the typed getter that fits the source
/// type, so a value is never boxed on its way. Types with no exact DuckDB counterpart travel as text.
/// </summary>
internal sealed class ColumnCopy
{
    private readonly int _ordinal;
    private readonly Action<DbDataReader, int, ChunkAppender> _copy;

    private ColumnCopy(string name, int ordinal, string sqlType, Action<DbDataReader, int, ChunkAppender> copy)
    {
        Name = name;
        _ordinal = ordinal;
        SqlType = sqlType;
        _copy = copy;
    }

    public string Name { get; }

    public string SqlType { get; }

    public static ColumnCopy For(DbDataReader reader, int ordinal)
    {
        var name = reader.GetName(ordinal);
        var type = reader.GetFieldType(ordinal);
        return type switch
        {
            _ when type == typeof(long) => new(name, ordinal, "BIGINT", static (r, i, a) => a.Append(r.GetInt64(i))),
            _ when type == typeof(int) => new(name, ordinal, "INTEGER", static (r, i, a) => a.Append(r.GetInt32(i))),
            _ when type == typeof(short) => new(name, ordinal, "SMALLINT", static (r, i, a) => a.Append(r.GetInt16(i))),
            _ when type == typeof(bool) => new(name, ordinal, "BOOLEAN", static (r, i, a) => a.Append(r.GetBoolean(i))),
            _ when type == typeof(double) => new(name, ordinal, "DOUBLE", static (r, i, a) => a.Append(r.GetDouble(i))),
            _ when type == typeof(float) => new(name, ordinal, "FLOAT", static (r, i, a) => a.Append(r.GetFloat(i))),
            _ when type == typeof(decimal) => new(name, ordinal, DecimalType(reader, ordinal), static (r, i, a) => a.Append(r.GetDecimal(i))),
            _ when type == typeof(DateTime) && IsDate(reader, ordinal) => new(name, ordinal, "DATE", static (r, i, a) => a.Append(DateOnly.FromDateTime(r.GetDateTime(i)))),
            _ when type == typeof(DateTime) => new(name, ordinal, "TIMESTAMP", static (r, i, a) => a.Append(r.GetDateTime(i))),
            _ when type == typeof(DateOnly) => new(name, ordinal, "DATE", static (r, i, a) => a.Append(r.GetFieldValue<DateOnly>(i))),
            _ when type == typeof(DateTimeOffset) => new(name, ordinal, "TIMESTAMPTZ", static (r, i, a) => a.Append(r.GetFieldValue<DateTimeOffset>(i))),
            _ when type == typeof(Guid) => new(name, ordinal, "UUID", static (r, i, a) => a.Append(r.GetGuid(i))),
            _ when type == typeof(byte[]) => new(name, ordinal, "BLOB", static (r, i, a) => a.Append(r.GetFieldValue<byte[]>(i))),
            _ when type == typeof(string) => new(name, ordinal, "VARCHAR", static (r, i, a) => a.Append(r.GetString(i))),
            _ => new(name, ordinal, "VARCHAR", static (r, i, a) => a.Append(Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))),
        };
    }

    public void Copy(DbDataReader reader, ChunkAppender appender)
    {
        if (reader.IsDBNull(_ordinal))
        {
            appender.AppendNull();
        }
        else
        {
            _copy(reader, _ordinal, appender);
        }
    }

    /// <summary>Source DATE columns come back as DateTime from Npgsql, MySqlConnector and ODBC; their type name tells them apart.</summary>
    private static bool IsDate(DbDataReader reader, int ordinal) =>
        reader.GetDataTypeName(ordinal).Equals("date", StringComparison.OrdinalIgnoreCase);

    private static string DecimalType(DbDataReader reader, int ordinal)
    {
        var schema = reader.GetColumnSchema()[ordinal];
        var (precision, scale) = (schema.NumericPrecision ?? 0, schema.NumericScale ?? 0);
        if (schema.NumericPrecision is null && reader is not IDbColumnSchemaGenerator && reader.GetSchemaTable() is { } table)
        {
            // GetColumnSchema reads precision and scale from the schema table as int; ODBC puts them there as short,
            // so they come back null and the column would lose its declared DECIMAL(p,s).
            var row = table.Rows[ordinal];
            (precision, scale) = (Convert.ToInt32(row["NumericPrecision"], CultureInfo.InvariantCulture), Convert.ToInt32(row["NumericScale"], CultureInfo.InvariantCulture));
        }

        return precision is > 0 and <= 38 && scale >= 0 && scale <= precision ? $"DECIMAL({precision},{scale})" : "DECIMAL(38,10)";
    }
}
