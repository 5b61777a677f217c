using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>
/// A bound parameter as the .NET value DuckDB.NET binds: text values converted to the type DuckDB inferred for the
/// parameter (or the client declared), binary values decoded by their declared OID. A value that does not parse
/// is the client's error (22P02 / 22P03), not the server's.
/// </summary>
internal static class ParameterValue
{
    public static object? FromText(string text, DuckDbColumnType? inferred, PgType? declared)
    {
        var target = inferred is { Type: not (DuckDBType.Invalid or DuckDBType.SqlNull or DuckDBType.Any) } known ? known.Type : DuckDbTypeOf(declared);
        try
        {
            return target switch
            {
                DuckDBType.Boolean => ParseBool(text),
                DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.Integer or DuckDBType.BigInt
                    or DuckDBType.UnsignedTinyInt or DuckDBType.UnsignedSmallInt or DuckDBType.UnsignedInteger => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                DuckDBType.Float or DuckDBType.Double => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                DuckDBType.Decimal => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                DuckDBType.Date => DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs =>
                    DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                DuckDBType.TimestampTz => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DuckDBType.Uuid => Guid.Parse(text),
                DuckDBType.Blob => text.StartsWith("\\x", StringComparison.Ordinal) ? Convert.FromHexString(text.AsSpan(2)) : Encoding.UTF8.GetBytes(text),
                _ => text,
            };
        }
        catch (FormatException)
        {
            throw new PgErrorException(SqlStates.InvalidTextRepresentation, $"invalid input syntax for type {target.ToString().ToLowerInvariant()}: \"{Shorten(text)}\"");
        }
        catch (OverflowException)
        {
            throw new PgErrorException(SqlStates.NumericValueOutOfRange, $"value out of range for type {target.ToString().ToLowerInvariant()}: \"{Shorten(text)}\"");
        }
    }

    public static object? FromBinary(ReadOnlySpan<byte> bytes, PgType? declared)
    {
        if (declared is null)
        {
            throw new PgErrorException(SqlStates.InvalidBinaryRepresentation, "a parameter sent in binary needs its type given in Parse");
        }

        try
        {
            return declared.Oid switch
            {
                16 => Exactly(bytes, 1)[0] != 0,
                21 => BinaryPrimitives.ReadInt16BigEndian(Exactly(bytes, 2)),
                23 => BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4)),
                20 or 26 => BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)),
                700 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4))),
                701 => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8))),
                1700 => decimal.Parse(NumericBinary.Read(bytes), NumberStyles.Float, CultureInfo.InvariantCulture),
                1082 => PgEpoch.Date.AddDays(BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4))),
                1083 => new TimeOnly(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)) * 10),
                1114 => new DateTime(PgEpoch.Ticks + BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)) * 10, DateTimeKind.Unspecified),
                1184 => new DateTimeOffset(PgEpoch.Ticks + BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)) * 10, TimeSpan.Zero),
                1186 => Interval(Exactly(bytes, 16)),
                2950 => new Guid(Exactly(bytes, 16), bigEndian: true),
                17 => bytes.ToArray(),
                3802 => Encoding.UTF8.GetString(bytes.Length > 0 ? bytes[1..] : bytes),
                _ when declared.Category is 'S' or 'U' => Encoding.UTF8.GetString(bytes),
                _ => throw new PgErrorException(SqlStates.FeatureNotSupported, $"parameters of type {declared.Name} in binary are not supported; send them as text"),
            };
        }
        catch (ArgumentException)
        {
            throw new PgErrorException(SqlStates.InvalidBinaryRepresentation, $"invalid binary value for a parameter of type {declared.Name}");
        }
    }

    private static string Interval(ReadOnlySpan<byte> bytes)
    {
        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var days = BinaryPrimitives.ReadInt32BigEndian(bytes[8..]);
        var months = BinaryPrimitives.ReadInt32BigEndian(bytes[12..]);
        return string.Create(CultureInfo.InvariantCulture, $"{months} months {days} days {micros} microseconds");
    }

    private static ReadOnlySpan<byte> Exactly(ReadOnlySpan<byte> bytes, int length) =>
        bytes.Length == length ? bytes : throw new PgErrorException(SqlStates.InvalidBinaryRepresentation, $"a binary parameter of {bytes.Length} bytes where {length} were expected");

    private static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "t" or "true" or "1" or "y" or "yes" or "on" => true,
        "f" or "false" or "0" or "n" or "no" or "off" => false,
        _ => throw new FormatException(),
    };

    private static DuckDBType DuckDbTypeOf(PgType? declared) => declared?.Oid switch
    {
        16 => DuckDBType.Boolean,
        20 or 21 or 23 or 26 => DuckDBType.BigInt,
        700 or 701 => DuckDBType.Double,
        1700 => DuckDBType.Decimal,
        1082 => DuckDBType.Date,
        1114 => DuckDBType.Timestamp,
        1184 => DuckDBType.TimestampTz,
        2950 => DuckDBType.Uuid,
        17 => DuckDBType.Blob,
        _ => DuckDBType.Varchar,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
