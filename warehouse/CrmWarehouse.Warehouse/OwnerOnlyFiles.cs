using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse;

/// <summary>
/// The warehouse, its write-ahead log, its spill files and the logs hold customers' personal data: only the service's
/// own user may read them (0600). DuckDB creates its files itself, so the process's umask is what decides their mode.
/// </summary>
public static partial class OwnerOnlyFiles
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Files this process creates from now on get no group or other rights (umask 077); the CLI sets it first thing.</summary>
    public static void ForThisProcess()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetUmask(0b000_111_111);
        }
    }

    /// <summary>Takes group and other rights off <paramref name="path"/> and its DuckDB write-ahead log, when they exist.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { path, path + ".wal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, Mode);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
