using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Schema;

/// <summary>
/// Brings a warehouse file to the current schema: applies the migrations not yet recorded in
/// audit.schema_version, each in its own transaction together with its record, in version order; then the
/// repeatable scripts it was given (such as the batch's cleaning rules), each whenever its text differs from the one
/// recorded in audit.schema_repeatable. A repeatable script must be safe to run again (CREATE OR REPLACE).
/// </summary>
public sealed class Migrator(DuckDBConnection connection, params IReadOnlyList<SqlScript> repeatable)
{
    private const string VersionTable = """
        CREATE SCHEMA IF NOT EXISTS audit;
        CREATE TABLE IF NOT EXISTS audit.schema_version (
            version     INTEGER PRIMARY KEY,
            name        VARCHAR NOT NULL,
            checksum    VARCHAR NOT NULL,
            applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS audit.schema_repeatable (
            name        VARCHAR PRIMARY KEY,
            checksum    VARCHAR NOT NULL,
            applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        """;

    /// <summary>Applies what is pending and returns the migrations it applied.</summary>
    public IReadOnlyList<Migration> Migrate()
    {
        Run(VersionTable);
        var applied = AppliedChecksums();
        foreach (var migration in Migration.All)
        {
            if (applied.TryGetValue(migration.Version, out var checksum) && checksum != migration.Checksum && !migration.Replaces.Contains(checksum))
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Version:0000}_{migration.Name} was changed after it was applied to this warehouse; add a new migration instead of editing an applied one.");
            }
        }

        var pending = Migration.All.Where(m => !applied.ContainsKey(m.Version)).ToList();
        foreach (var migration in pending)
        {
            using var transaction = connection.BeginTransaction();
            try
            {
                Run(migration.Sql);
            }
            catch (Exception e) when (e.DuckDbErrorType() is { } type)
            {
                throw new DuckDbScriptException($"Migration {migration.Version:0000}_{migration.Name} failed: {e.Message}", type, e);
            }

            using (var record = connection.CreateCommand())
            {
                record.CommandText = "INSERT INTO audit.schema_version (version, name, checksum) VALUES ($version, $name, $checksum)";
                record.Parameters.Add("version", migration.Version);
                record.Parameters.Add("name", migration.Name);
                record.Parameters.Add("checksum", migration.Checksum);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        ApplyRepeatable();
        AttachStaging(connection);
        if (connection.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            OwnerOnlyFiles.Restrict(file);
        }

        return pending;
    }

    /// <summary>
    /// Attaches the database that holds tonight's staged rows as <c>staging</c> (see migration 0011), once per open
    /// database: every connection to the file sees it. For a warehouse file it is <c>staging.duckdb</c> in DuckDB's temp
    /// directory (a new, empty file for each process), so that staging is bounded by the disk and not the memory:
    /// DuckDB pages it in and out under its memory_limit. An in-memory warehouse (tests) gets an in-memory staging.
    /// Its schema <c>prepared</c> holds what the batch's prepare stages make of the staged rows (the big ones: a temp
    /// table would hold them uncompressed in memory, and spill them uncompressed, three to five times the size).
    /// </summary>
    public static void AttachStaging(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM duckdb_databases() WHERE database_name = 'staging'),
                   (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),
                   current_setting('temp_directory')
            """;
        string? file;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            if (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                // Already attached: ATTACH would be refused anyway once a serving process has locked its sandbox.
                return;
            }

            file = reader.IsDBNull(1) || reader.IsDBNull(2) || string.IsNullOrEmpty(reader.GetString(2))
                ? null
                : Path.Combine(Path.GetFullPath(reader.GetString(2)), "staging.duckdb");
        }

        if (file is not null)
        {
            // What an earlier process staged is of no use (each batch stages afresh): start from an empty file.
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Delete(file);
            File.Delete(file + ".wal");
        }

        command.CommandText = file is null ? "ATTACH IF NOT EXISTS ':memory:' AS staging" : $"ATTACH IF NOT EXISTS '{file.Replace("'", "''", StringComparison.Ordinal)}' AS staging";
        command.ExecuteNonQuery();
        command.CommandText = "CREATE SCHEMA IF NOT EXISTS staging.prepared";
        command.ExecuteNonQuery();
    }

    private void ApplyRepeatable()
    {
        foreach (var script in repeatable)
        {
            var checksum = Migration.ChecksumOf(script.Text);
            if (connection.Count("SELECT count(*) FROM audit.schema_repeatable WHERE name = $name AND checksum = $checksum",
                    CancellationToken.None, ("name", script.Name), ("checksum", checksum)) > 0)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            try
            {
                script.Run(connection, [], CancellationToken.None);
            }
            catch (Exception e) when (e.DuckDbErrorType() is { } type)
            {
                throw new DuckDbScriptException($"Repeatable script {script.Name} failed: {e.Message}", type, e);
            }

            connection.Execute(
                "INSERT OR REPLACE INTO audit.schema_repeatable (name, checksum, applied_at) VALUES ($name, $checksum, now())",
                CancellationToken.None, ("name", script.Name), ("checksum", checksum));
            transaction.Commit();
        }
    }

    private Dictionary<int, string> AppliedChecksums()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, checksum FROM audit.schema_version";
        using var reader = command.ExecuteReader();
        var applied = new Dictionary<int, string>();
        while (reader.Read())
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private void Run(string sql) => connection.Execute(sql, CancellationToken.None);
}
