using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>A result column as the wire sees it: name, PostgreSQL type and modifier, and the encoder of its values.</summary>
internal sealed record PgColumn(string Name, PgType Type, int TypeModifier, ValueEncoder Encoder)
{
    public static PgColumn From(DuckDbColumn column) => From(column.Name, column.Type);

    public static PgColumn From(string name, DuckDbColumnType type)
    {
        var pgType = PgType.For(type);
        // numeric's modifier packs precision and scale: ((precision << 16) | scale) + VARHDRSZ (4).
        var modifier = type.Type == DuckDBType.Decimal ? ((type.Width << 16) | type.Scale) + 4 : -1;
        return new PgColumn(name, pgType, modifier, EncoderFor(type, pgType));
    }

    /// <summary>A column of text computed by the server itself (SHOW, catalog answers).</summary>
    public static PgColumn Text(string name) => new(name, PgType.Text, -1, new TextEncoder());

    public static PgColumn Of(string name, PgType type) => new(name, type, -1, EncoderFor(type));

    private static ValueEncoder EncoderFor(DuckDbColumnType type, PgType pgType) => type.Type switch
    {
        DuckDBType.Decimal when type.Width <= 28 => new DecimalEncoder(),
        DuckDBType.Decimal or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt or DuckDBType.UnsignedBigInt => new BigNumberEncoder(),
        DuckDBType.TinyInt or DuckDBType.UnsignedTinyInt => new DuckDbTextWidening(new Int16Encoder()),
        DuckDBType.UnsignedSmallInt => new DuckDbTextWidening(new Int32Encoder()),
        DuckDBType.UnsignedInteger => new DuckDbTextWidening(new Int64Encoder()),
        DuckDBType.List or DuckDBType.Array when pgType.Category == 'A' => new ArrayEncoder(PgType.For(type.Element!), EncoderFor(type.Element!, PgType.For(type.Element!)), ClrType(type.Element!)),
        DuckDBType.Enum or DuckDBType.Struct or DuckDBType.Map or DuckDBType.Union or DuckDBType.Bit or DuckDBType.List or DuckDBType.Array
            or DuckDBType.TimeTz or DuckDBType.VarInt => new DuckDbTextEncoder(),
        _ => EncoderFor(pgType),
    };

    /// <summary>The .NET type DuckDB.NET reads a list element of this type as.</summary>
    private static Type ClrType(DuckDbColumnType type) => type.Type switch
    {
        DuckDBType.Boolean => typeof(bool),
        DuckDBType.TinyInt => typeof(sbyte),
        DuckDBType.SmallInt => typeof(short),
        DuckDBType.Integer => typeof(int),
        DuckDBType.BigInt => typeof(long),
        DuckDBType.UnsignedTinyInt => typeof(byte),
        DuckDBType.UnsignedSmallInt => typeof(ushort),
        DuckDBType.UnsignedInteger => typeof(uint),
        DuckDBType.UnsignedBigInt => typeof(ulong),
        DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt => typeof(System.Numerics.BigInteger),
        DuckDBType.Float => typeof(float),
        DuckDBType.Double => typeof(double),
        DuckDBType.Decimal => typeof(decimal),
        DuckDBType.Date => typeof(DateOnly),
        DuckDBType.Time => typeof(TimeOnly),
        DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs or DuckDBType.TimestampTz => typeof(DateTime),
        DuckDBType.Interval => typeof(DuckDBInterval),
        DuckDBType.Uuid => typeof(Guid),
        _ => typeof(string),
    };

    private static ValueEncoder EncoderFor(PgType type) => type.Oid switch
    {
        16 => new BoolEncoder(),
        21 => new Int16Encoder(),
        23 => new Int32Encoder(),
        20 or 26 => new Int64Encoder(),
        700 => new Float4Encoder(),
        701 => new Float8Encoder(),
        1700 => new BigNumberEncoder(),
        1082 => new DateEncoder(),
        1083 => new TimeEncoder(),
        1114 => new TimestampEncoder(),
        1184 => new TimestampTzEncoder(),
        1186 => new IntervalEncoder(),
        2950 => new UuidEncoder(),
        17 => new ByteaEncoder(),
        3802 => new JsonbEncoder(),
        _ => new TextEncoder(),
    };
}

/// <summary>
/// A narrow or unsigned integer sent as the next PostgreSQL integer up: read boxed, converted, then written by the wider encoder.
/// </summary>
internal sealed class DuckDbTextWidening(ValueEncoder wider) : ValueEncoder
{
    public override void WriteText(DuckDB.NET.Data.DuckDBDataReader reader, int ordinal, Protocol.PgWriter writer) => wider.WriteText(reader.GetValue(ordinal), writer);

    public override void WriteBinary(DuckDB.NET.Data.DuckDBDataReader reader, int ordinal, Protocol.PgWriter writer) => wider.WriteBinary(reader.GetValue(ordinal), writer);

    public override void WriteText(object value, Protocol.PgWriter writer) => wider.WriteText(value, writer);

    public override void WriteBinary(object value, Protocol.PgWriter writer) => wider.WriteBinary(value, writer);
}
