using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// A DuckDB logical type read once from its native handle: enough to decode vectors of that type
/// (decimal scale and storage, enum dictionary, nested children) without further native calls.
/// </summary>
internal sealed class ColumnType
{
    private ColumnType(DuckDbType id) => Id = id;

    public DuckDbType Id { get; }

    /// <summary>How DECIMAL and ENUM values are stored (an integer type).</summary>
    public DuckDbType StorageType { get; private init; }

    public byte DecimalWidth { get; private init; }

    public byte DecimalScale { get; private init; }

    public string[]? EnumValues { get; private init; }

    /// <summary>LIST/ARRAY element type; for MAP the STRUCT(key, value) of its entries.</summary>
    public ColumnType? Child { get; private init; }

    public ulong ArraySize { get; private init; }

    /// <summary>STRUCT fields or UNION members.</summary>
    public IReadOnlyList<(string Name, ColumnType Type)> Members { get; private init; } = [];

    public string? Alias { get; private init; }

    /// <summary>Reads a logical type; the caller keeps ownership of <paramref name="type"/>.</summary>
    public static ColumnType FromLogicalType(nint type)
    {
        var id = NativeMethods.GetTypeId(type);
        var alias = NativeMethods.OwnedString(NativeMethods.LogicalTypeGetAlias(type));
        return id switch
        {
            DuckDbType.Decimal => new ColumnType(id)
            {
                DecimalWidth = NativeMethods.DecimalWidth(type),
                DecimalScale = NativeMethods.DecimalScale(type),
                StorageType = NativeMethods.DecimalInternalType(type),
                Alias = alias,
            },
            DuckDbType.Enum => new ColumnType(id)
            {
                StorageType = NativeMethods.EnumInternalType(type),
                EnumValues = ReadEnumDictionary(type),
                Alias = alias,
            },
            DuckDbType.List => new ColumnType(id) { Child = Owned(NativeMethods.ListTypeChildType(type)), Alias = alias },
            DuckDbType.Array => new ColumnType(id)
            {
                Child = Owned(NativeMethods.ArrayTypeChildType(type)),
                ArraySize = NativeMethods.ArrayTypeArraySize(type),
                Alias = alias,
            },
            DuckDbType.Map => new ColumnType(id)
            {
                Child = new ColumnType(DuckDbType.Struct)
                {
                    Members =
                    [
                        ("key", Owned(NativeMethods.MapTypeKeyType(type))),
                        ("value", Owned(NativeMethods.MapTypeValueType(type))),
                    ],
                },
                Alias = alias,
            },
            DuckDbType.Struct => new ColumnType(id) { Members = ReadStructMembers(type), Alias = alias },
            DuckDbType.Union => new ColumnType(id) { Members = ReadUnionMembers(type), Alias = alias },
            _ => new ColumnType(id) { Alias = alias },
        };
    }

    /// <summary>Reads and then destroys a logical type handed over by DuckDB.</summary>
    public static ColumnType Owned(nint type)
    {
        using var handle = new LogicalTypeHandle(type);
        return FromLogicalType(type);
    }

    private static string[] ReadEnumDictionary(nint type)
    {
        var values = new string[NativeMethods.EnumDictionarySize(type)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NativeMethods.OwnedString(NativeMethods.EnumDictionaryValue(type, (ulong)i)) ?? string.Empty;
        }

        return values;
    }

    private static (string, ColumnType)[] ReadStructMembers(nint type)
    {
        var members = new (string, ColumnType)[NativeMethods.StructTypeChildCount(type)];
        for (var i = 0; i < members.Length; i++)
        {
            var name = NativeMethods.OwnedString(NativeMethods.StructTypeChildName(type, (ulong)i)) ?? string.Empty;
            members[i] = (name, Owned(NativeMethods.StructTypeChildType(type, (ulong)i)));
        }

        return members;
    }

    private static (string, ColumnType)[] ReadUnionMembers(nint type)
    {
        var members = new (string, ColumnType)[NativeMethods.UnionTypeMemberCount(type)];
        for (var i = 0; i < members.Length; i++)
        {
            var name = NativeMethods.OwnedString(NativeMethods.UnionTypeMemberName(type, (ulong)i)) ?? string.Empty;
            members[i] = (name, Owned(NativeMethods.UnionTypeMemberType(type, (ulong)i)));
        }

        return members;
    }

    /// <summary>The SQL name of the type, as DuckDB writes it (DECIMAL(18,2), INTEGER[], STRUCT(a INTEGER)…).</summary>
    public string SqlName => Alias ?? Id switch
    {
        DuckDbType.Decimal => $"DECIMAL({DecimalWidth},{DecimalScale})",
        DuckDbType.List => $"{Child!.SqlName}[]",
        DuckDbType.Array => $"{Child!.SqlName}[{ArraySize}]",
        DuckDbType.Map => $"MAP({Child!.Members[0].Type.SqlName}, {Child.Members[1].Type.SqlName})",
        DuckDbType.Struct => $"STRUCT({string.Join(", ", Members.Select(m => $"{m.Name} {m.Type.SqlName}"))})",
        DuckDbType.Union => $"UNION({string.Join(", ", Members.Select(m => $"{m.Name} {m.Type.SqlName}"))})",
        _ => SqlNames.TryGetValue(Id, out var name) ? name : Id.ToString().ToUpperInvariant(),
    };

    private static readonly Dictionary<DuckDbType, string> SqlNames = new()
    {
        [DuckDbType.Boolean] = "BOOLEAN",
        [DuckDbType.TinyInt] = "TINYINT",
        [DuckDbType.SmallInt] = "SMALLINT",
        [DuckDbType.Integer] = "INTEGER",
        [DuckDbType.BigInt] = "BIGINT",
        [DuckDbType.UTinyInt] = "UTINYINT",
        [DuckDbType.USmallInt] = "USMALLINT",
        [DuckDbType.UInteger] = "UINTEGER",
        [DuckDbType.UBigInt] = "UBIGINT",
        [DuckDbType.HugeInt] = "HUGEINT",
        [DuckDbType.UHugeInt] = "UHUGEINT",
        [DuckDbType.Float] = "FLOAT",
        [DuckDbType.Double] = "DOUBLE",
        [DuckDbType.Varchar] = "VARCHAR",
        [DuckDbType.Blob] = "BLOB",
        [DuckDbType.Date] = "DATE",
        [DuckDbType.Time] = "TIME",
        [DuckDbType.TimeNs] = "TIME_NS",
        [DuckDbType.TimeTz] = "TIME WITH TIME ZONE",
        [DuckDbType.Timestamp] = "TIMESTAMP",
        [DuckDbType.TimestampS] = "TIMESTAMP_S",
        [DuckDbType.TimestampMs] = "TIMESTAMP_MS",
        [DuckDbType.TimestampNs] = "TIMESTAMP_NS",
        [DuckDbType.TimestampTz] = "TIMESTAMP WITH TIME ZONE",
        [DuckDbType.Interval] = "INTERVAL",
        [DuckDbType.Uuid] = "UUID",
        [DuckDbType.Enum] = "ENUM",
        [DuckDbType.Bit] = "BIT",
        [DuckDbType.SqlNull] = "\"NULL\"",
        [DuckDbType.BigNum] = "BIGNUM",
    };
}
