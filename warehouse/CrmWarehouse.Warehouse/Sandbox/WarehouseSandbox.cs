using System.Data.Common;

namespace CrmWarehouse.Warehouse.Sandbox;

/// <summary>
/// DuckDB's own wall around a serving process: once locked, no SQL run in this process can read or write a file
/// outside the allowed directories, attach another database, install or load an extension, or change a setting,
/// whatever the SQL gate above it lets through. The settings are global to the open database, so the caller must
/// keep a connection open for as long as it serves: when the last connection closes, DuckDB closes the database
/// and the next open would start unlocked.
/// </summary>
/// <remarks>
/// DuckDB's own work on the warehouse (its file, write-ahead log, checkpoints, spilling to its temp directory) does not
/// go through these checks, so neither the warehouse file nor the temp directory is allowed: allowing them would let
/// <c>read_blob</c> read the raw file past the masking views. Source folders are not allowed either: extraction reads
/// them in .NET, not through DuckDB.
/// </remarks>
public static class WarehouseSandbox
{
    /// <summary>Locks the database <paramref name="connection"/> is open on; only <paramref name="allowedDirectories"/> stay reachable.</summary>
    public static void Lock(DbConnection connection, IEnumerable<string> allowedDirectories)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var directories = allowedDirectories
            .Select(directory => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar)
            .Distinct(StringComparer.Ordinal)
            .Select(directory => $"'{directory.Replace("'", "''", StringComparison.Ordinal)}'");

        // Order matters: the directory list and the extension switches can only be set before external access goes
        // off, and nothing can be set after the lock (connections opened later keep DuckDB's session defaults, which
        // leave the progress bar off).
        Execute(connection, $"""
            SET GLOBAL allowed_directories = [{string.Join(", ", directories)}]::VARCHAR[];
            SET GLOBAL autoinstall_known_extensions = false;
            SET GLOBAL autoload_known_extensions = false;
            SET GLOBAL enable_external_access = false;
            SET GLOBAL lock_configuration = true;
            """);
    }

    /// <summary>True when the database <paramref name="connection"/> is open on has been locked.</summary>
    public static bool IsLocked(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('lock_configuration') AND NOT current_setting('enable_external_access')";
        return command.ExecuteScalar() is true;
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
