using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>duckdb_result: six pointer-sized fields, all but internal_data deprecated. Only passed back to DuckDB.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResultStruct
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}

/// <summary>duckdb_hugeint: value = upper * 2^64 + lower.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbHugeInt
{
    public ulong Lower;
    public long Upper;

    public DuckDbHugeInt(Int128 value)
    {
        Lower = (ulong)value;
        Upper = (long)(value >> 64);
    }

    public readonly Int128 ToInt128() => new((ulong)Upper, Lower);
}

/// <summary>duckdb_uhugeint.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbUHugeInt
{
    public ulong Lower;
    public ulong Upper;

    public DuckDbUHugeInt(UInt128 value)
    {
        Lower = (ulong)value;
        Upper = (ulong)(value >> 64);
    }
}

/// <summary>duckdb_decimal: width and scale, then the unscaled value as a hugeint (8-byte aligned).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbDecimalStruct
{
    public byte Width;
    public byte Scale;
    public DuckDbHugeInt Value;
}

/// <summary>duckdb_interval.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbIntervalStruct
{
    public int Months;
    public int Days;
    public long Micros;
}

/// <summary>duckdb_query_progress_type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbQueryProgressStruct
{
    public double Percentage;
    public ulong RowsProcessed;
    public ulong TotalRowsToProcess;
}

/// <summary>duckdb_list_entry: a LIST row's slice of the child vector.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbListEntry
{
    public ulong Offset;
    public ulong Length;
}

/// <summary>
/// duckdb_string_t, the 16-byte VARCHAR/BLOB element: a length, then up to 12 bytes inline,
/// or (longer strings) a 4-byte prefix and a pointer owned by the vector.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal unsafe struct DuckDbStringT
{
    public const int InlineLength = 12;

    public uint Length;
    public fixed byte Inlined[InlineLength];

    /// <summary>The bytes of the element at <paramref name="element"/>, borrowed from the vector that holds it.</summary>
    public static ReadOnlySpan<byte> Bytes(DuckDbStringT* element)
    {
        var length = (int)element->Length;
        return length <= InlineLength
            ? new ReadOnlySpan<byte>((byte*)element + 4, length)
            : new ReadOnlySpan<byte>(*(byte**)((byte*)element + 8), length);
    }
}
