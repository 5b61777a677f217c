using System.Reflection;
using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

/// <summary>
/// The DuckDB C API, imported from the official libduckdb.so that the build copies next to this assembly.
/// Grouped by C-API section in partial files. Handles that own native memory travel as SafeHandles;
/// hot per-chunk calls (vectors, validity) take raw pointers that are borrowed from their chunk.
/// </summary>
internal static partial class NativeMethods
{
    internal const string Library = "duckdb";

    static NativeMethods() => NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);

    /// <summary>Forces the resolver to run and the library to load, so a missing library fails early and clearly.</summary>
    internal static void EnsureLoaded() => _ = LibraryVersion();

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        var directory = AppContext.BaseDirectory;
        var candidate = Path.Combine(directory, "libduckdb.so");
        if (NativeLibrary.TryLoad(candidate, out var handle))
        {
            return handle;
        }

        var assemblyDir = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir) && NativeLibrary.TryLoad(Path.Combine(assemblyDir, "libduckdb.so"), out handle))
        {
            return handle;
        }

        throw new DllNotFoundException(
            $"DuckDB's shared library libduckdb.so was not found next to the application ({directory}). " +
            "It comes from the npm package pinned in package-lock.json: run `npm ci` in the repository root, " +
            "then `./crmw build` (or `dotnet build`), which copies it next to every output.");
    }

    [LibraryImport(Library, EntryPoint = "duckdb_free")]
    internal static partial void Free(nint pointer);

    [LibraryImport(Library, EntryPoint = "duckdb_library_version")]
    private static partial nint LibraryVersionNative();

    internal static string LibraryVersion() => Marshal.PtrToStringUTF8(LibraryVersionNative()) ?? "unknown";

    /// <summary>Reads a string DuckDB lends us (must not be freed).</summary>
    internal static string? BorrowedString(nint pointer) => pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>Reads a string DuckDB hands over (allocated with its allocator) and frees it.</summary>
    internal static string? OwnedString(nint pointer)
    {
        if (pointer == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            Free(pointer);
        }
    }
}
