using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_appender_create_ext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState AppenderCreate(
        ConnectionHandle connection, string? catalog, string? schema, string table, out nint appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_count")]
    internal static partial ulong AppenderColumnCount(AppenderHandle appender);

    /// <summary>Returns a logical type the caller must destroy.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_type")]
    internal static partial nint AppenderColumnType(AppenderHandle appender, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_append_data_chunk")]
    internal static partial DuckDbState AppendDataChunk(AppenderHandle appender, nint chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_flush")]
    internal static partial DuckDbState AppenderFlush(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_close")]
    internal static partial DuckDbState AppenderClose(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_destroy")]
    internal static partial DuckDbState AppenderDestroy(ref nint appender);

    /// <summary>Returns error data the caller must destroy.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_appender_error_data")]
    internal static partial nint AppenderErrorData(AppenderHandle appender);

    [LibraryImport(Library, EntryPoint = "duckdb_error_data_error_type")]
    internal static partial DuckDbErrorType ErrorDataType(nint errorData);

    [LibraryImport(Library, EntryPoint = "duckdb_error_data_message")]
    internal static partial nint ErrorDataMessage(nint errorData);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_error_data")]
    internal static partial void DestroyErrorData(ref nint errorData);
}
