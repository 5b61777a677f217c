using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>A PostgreSQL type as clients know it: OID and name from pg_type.h, its fixed size (-1: variable) and its array type.</summary>
internal sealed record PgType(uint Oid, string Name, short Size, uint ArrayOid, char Category)
{
    public static readonly PgType Bool = new(16, "bool", 1, 1000, 'B');
    public static readonly PgType Bytea = new(17, "bytea", -1, 1001, 'U');
    public static readonly PgType Char = new(18, "char", 1, 1002, 'S');
    public static readonly PgType NameType = new(19, "name", 64, 1003, 'S');
    public static readonly PgType Int8 = new(20, "int8", 8, 1016, 'N');
    public static readonly PgType Int2 = new(21, "int2", 2, 1005, 'N');
    public static readonly PgType Int4 = new(23, "int4", 4, 1007, 'N');
    public static readonly PgType Text = new(25, "text", -1, 1009, 'S');
    public static readonly PgType OidType = new(26, "oid", 4, 1028, 'N');
    public static readonly PgType Json = new(114, "json", -1, 199, 'U');
    public static readonly PgType Float4 = new(700, "float4", 4, 1021, 'N');
    public static readonly PgType Float8 = new(701, "float8", 8, 1022, 'N');
    public static readonly PgType Unknown = new(705, "unknown", -2, 0, 'X');
    public static readonly PgType Bpchar = new(1042, "bpchar", -1, 1014, 'S');
    public static readonly PgType Varchar = new(1043, "varchar", -1, 1015, 'S');
    public static readonly PgType Date = new(1082, "date", 4, 1182, 'D');
    public static readonly PgType Time = new(1083, "time", 8, 1183, 'D');
    public static readonly PgType Timestamp = new(1114, "timestamp", 8, 1115, 'D');
    public static readonly PgType TimestampTz = new(1184, "timestamptz", 8, 1185, 'D');
    public static readonly PgType Interval = new(1186, "interval", 16, 1187, 'T');
    public static readonly PgType TimeTz = new(1266, "timetz", 12, 1270, 'D');
    public static readonly PgType Numeric = new(1700, "numeric", -1, 1231, 'N');
    public static readonly PgType Uuid = new(2950, "uuid", 16, 2951, 'U');
    public static readonly PgType Jsonb = new(3802, "jsonb", -1, 3807, 'U');

    /// <summary>Every scalar type this server reads and writes, for pg_type answers and OID look-ups.</summary>
    public static readonly IReadOnlyList<PgType> Scalars =
        [Bool, Bytea, Char, NameType, Int8, Int2, Int4, Text, OidType, Json, Float4, Float8, Bpchar, Varchar, Date, Time, Timestamp, TimestampTz, Interval, TimeTz, Numeric, Uuid, Jsonb];

    private static readonly Dictionary<uint, PgType> ByOid = Scalars.ToDictionary(t => t.Oid);
    private static readonly Dictionary<uint, PgType> ByArrayOid = Scalars.ToDictionary(t => t.ArrayOid);

    /// <summary>The scalar type with this OID, or null.</summary>
    public static PgType? Find(uint oid) => ByOid.GetValueOrDefault(oid);

    /// <summary>The element type when <paramref name="oid"/> is an array type's OID, or null.</summary>
    public static PgType? ElementOfArray(uint oid) => ByArrayOid.GetValueOrDefault(oid);

    /// <summary>The array type of this scalar type, as a type of its own (for RowDescription and ParameterDescription).</summary>
    public PgType AsArray() => new(ArrayOid, "_" + Name, -1, 0, 'A');

    /// <summary>
    /// The PostgreSQL type a DuckDB type is sent as: integers by width (unsigned ones one size up), HUGEINT and
    /// UBIGINT as numeric, every timestamp precision as timestamp, ENUM as text, JSON (a VARCHAR alias) as json,
    /// and what PostgreSQL has no type for (STRUCT, MAP, UNION, BIT) as its DuckDB text.
    /// </summary>
    public static PgType For(DuckDbColumnType type) => type.Type switch
    {
        DuckDBType.Boolean => Bool,
        DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.UnsignedTinyInt => Int2,
        DuckDBType.Integer or DuckDBType.UnsignedSmallInt => Int4,
        DuckDBType.BigInt or DuckDBType.UnsignedInteger => Int8,
        DuckDBType.UnsignedBigInt or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt or DuckDBType.Decimal => Numeric,
        DuckDBType.Float => Float4,
        DuckDBType.Double => Float8,
        DuckDBType.Varchar when string.Equals(type.Alias, "JSON", StringComparison.OrdinalIgnoreCase) => Json,
        DuckDBType.Blob => Bytea,
        DuckDBType.Date => Date,
        DuckDBType.Time => Time,
        DuckDBType.TimeTz => TimeTz,
        DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs => Timestamp,
        DuckDBType.TimestampTz => TimestampTz,
        DuckDBType.Interval => Interval,
        DuckDBType.Uuid => Uuid,
        DuckDBType.List or DuckDBType.Array when type.Element is { } element && IsScalar(element) => For(element).AsArray(),
        _ => Text,
    };

    private static bool IsScalar(DuckDbColumnType type) => type.Type is not (DuckDBType.List or DuckDBType.Array) && For(type) != Text || type.Type is DuckDBType.Varchar or DuckDBType.Enum;

    /// <summary>The DuckDB type name a parameter of this PostgreSQL type is cast to.</summary>
    public string DuckDbName => Oid switch
    {
        16 => "BOOLEAN",
        17 => "BLOB",
        20 or 26 => "BIGINT",
        21 => "SMALLINT",
        23 => "INTEGER",
        700 => "FLOAT",
        701 => "DOUBLE",
        1082 => "DATE",
        1083 => "TIME",
        1114 => "TIMESTAMP",
        1184 => "TIMESTAMPTZ",
        1186 => "INTERVAL",
        1700 => "DECIMAL(38,10)",
        2950 => "UUID",
        114 or 3802 => "JSON",
        _ => "VARCHAR",
    };
}
