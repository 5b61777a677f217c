using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>duckdb_value constructors, used to bind parameters. Each returned value is owned by a <see cref="ValueHandle"/>.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_destroy_value")]
    internal static partial void DestroyValue(ref nint value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_null_value")]
    internal static partial nint CreateNullValue();

    [LibraryImport(Library, EntryPoint = "duckdb_create_bool")]
    internal static partial nint CreateBool([MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int8")]
    internal static partial nint CreateInt8(sbyte value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint8")]
    internal static partial nint CreateUInt8(byte value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int16")]
    internal static partial nint CreateInt16(short value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint16")]
    internal static partial nint CreateUInt16(ushort value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int32")]
    internal static partial nint CreateInt32(int value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint32")]
    internal static partial nint CreateUInt32(uint value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_int64")]
    internal static partial nint CreateInt64(long value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uint64")]
    internal static partial nint CreateUInt64(ulong value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_hugeint")]
    internal static partial nint CreateHugeInt(DuckDbHugeInt value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_uhugeint")]
    internal static partial nint CreateUHugeInt(DuckDbUHugeInt value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_decimal")]
    internal static partial nint CreateDecimal(DuckDbDecimalStruct value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_float")]
    internal static partial nint CreateFloat(float value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_double")]
    internal static partial nint CreateDouble(double value);

    /// <summary>Days since 1970-01-01.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_create_date")]
    internal static partial nint CreateDate(int days);

    /// <summary>Microseconds since midnight.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_create_time")]
    internal static partial nint CreateTime(long micros);

    /// <summary>Microseconds since 1970-01-01 00:00:00.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp")]
    internal static partial nint CreateTimestamp(long micros);

    /// <summary>Microseconds since 1970-01-01 00:00:00 UTC.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp_tz")]
    internal static partial nint CreateTimestampTz(long micros);

    [LibraryImport(Library, EntryPoint = "duckdb_create_interval")]
    internal static partial nint CreateInterval(DuckDbIntervalStruct value);

    [LibraryImport(Library, EntryPoint = "duckdb_create_varchar_length")]
    internal static unsafe partial nint CreateVarcharLength(byte* text, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_create_blob")]
    internal static unsafe partial nint CreateBlob(byte* data, ulong length);

    /// <summary>The UUID as its 128-bit big-endian number (not DuckDB's sign-flipped storage form).</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_create_uuid")]
    internal static partial nint CreateUuid(DuckDbUHugeInt value);
}
