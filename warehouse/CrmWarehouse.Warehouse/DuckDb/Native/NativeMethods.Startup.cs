using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_create_config")]
    internal static partial DuckDbState CreateConfig(out nint config);

    [LibraryImport(Library, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState SetConfig(nint config, string name, string option);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_config")]
    internal static partial void DestroyConfig(ref nint config);

    [LibraryImport(Library, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState OpenExt(string? path, out nint database, nint config, out nint error);

    [LibraryImport(Library, EntryPoint = "duckdb_close")]
    internal static partial void Close(ref nint database);

    [LibraryImport(Library, EntryPoint = "duckdb_connect")]
    internal static partial DuckDbState Connect(DatabaseHandle database, out nint connection);

    [LibraryImport(Library, EntryPoint = "duckdb_disconnect")]
    internal static partial void Disconnect(ref nint connection);

    /// <summary>Safe to call from any thread while the connection runs a query: that query fails with an INTERRUPT error.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_interrupt")]
    internal static partial void Interrupt(ConnectionHandle connection);

    [LibraryImport(Library, EntryPoint = "duckdb_query_progress")]
    internal static partial DuckDbQueryProgressStruct QueryProgress(ConnectionHandle connection);
}
