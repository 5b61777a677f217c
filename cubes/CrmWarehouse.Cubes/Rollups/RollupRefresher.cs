using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Rollups;

/// <summary>
/// Keeps the rollup tables of schema <c>agg</c> in step with the facts. After a load the ETL calls
/// <see cref="Refresh"/> with the months (yyyymm) its batch touched: for each rollup those months are deleted and
/// re-aggregated in one transaction (the caller's, when it passes the one it has open), so a reader sees either the old
/// or the new months, never half.
/// Cubes without a date (customer profile) are re-aggregated whole.
/// </summary>
public sealed class RollupRefresher(CubeCatalog catalog, long factRowsPerStatement = RollupRefresher.FactRowsPerStatement)
{
    /// <summary>
    /// Re-aggregates the touched months of every rollup, creating rollups that do not exist yet and re-creating those
    /// made from another definition than today's cube files. Cancelling stops between statements and interrupts the one
    /// running (DuckDB's interrupt); the transaction it ran in then rolls back whole.
    /// </summary>
    public void Refresh(DuckDBConnection connection, IReadOnlyCollection<int> touchedMonths, CancellationToken cancellationToken, DuckDBTransaction? within = null)
    {
        var existing = MaterialisedRollups.Read(connection);
        var outdated = OutdatedTables(connection);
        outdated.UnionWith(Redefined(connection));
        Transactionally(connection, within, () =>
        {
            foreach (var cube in catalog.Cubes)
            {
                foreach (var rollup in cube.Rollups)
                {
                    var table = rollup.Table(cube);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!existing.Contains(table) || outdated.Contains(table))
                    {
                        Create(connection, cube, rollup, cancellationToken);
                    }
                    else if (cube.DateKey is null)
                    {
                        connection.Execute($"DELETE FROM {table}", cancellationToken);
                        connection.Execute($"INSERT INTO {table}\n{RollupColumns.Select(cube, rollup, null)}", cancellationToken);
                    }
                    else if (touchedMonths.Count > 0)
                    {
                        connection.Execute($"DELETE FROM {table} WHERE {RollupColumns.Month} IN ({string.Join(", ", touchedMonths)})", cancellationToken);
                        FillByMonth(connection, cube, rollup, touchedMonths, cancellationToken);
                    }
                }
            }
        });
    }

    /// <summary>Drops and re-creates every rollup from all the facts (after a cube file changed); cancellable as <see cref="Refresh"/>.</summary>
    public void Rebuild(DuckDBConnection connection, CancellationToken cancellationToken) => Transactionally(connection, null, () =>
    {
        foreach (var cube in catalog.Cubes)
        {
            foreach (var rollup in cube.Rollups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Create(connection, cube, rollup, cancellationToken);
            }
        }
    });

    /// <summary>
    /// (Re)creates one rollup from all the facts. Sums come out of DuckDB as 128-bit HUGEINT or DECIMAL(38,s), which it
    /// stores and scans about forty times slower than 64-bit values, so the columns are declared 64-bit (StoredType).
    /// </summary>
    private void Create(DuckDBConnection connection, CubeDefinition cube, Rollup rollup, CancellationToken cancellationToken)
    {
        var select = RollupColumns.Select(cube, rollup, null);
        var columns = new List<string>();
        using (var reader = connection.Reader($"DESCRIBE {select}", cancellationToken))
        {
            while (reader.Read())
            {
                columns.Add($"{RollupColumns.Quote(reader.GetString(0))} {StoredType(reader.GetString(1))}");
            }
        }

        var table = rollup.Table(cube);
        connection.Execute($"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} ({string.Join(", ", columns)}); COMMENT ON TABLE {table} IS '{Fingerprint(cube, rollup)}'", cancellationToken);
        if (cube.MonthExpression is null)
        {
            connection.Execute($"INSERT INTO {table}\n{select}", cancellationToken);
            return;
        }

        FillByMonth(connection, cube, rollup, null, cancellationToken);
    }

    /// <summary>
    /// Aggregates the months (all of them when <paramref name="only"/> is null) in runs of consecutive months of at most
    /// factRowsPerStatement fact rows (<see cref="FactRowsPerStatement"/> by default), one statement each. One statement over every month of a big bank's
    /// facts needs a hash table of all their groups at once, which outgrew the memory limit (749 MB at scale 3, inside a
    /// full load's transaction, where it cannot spill); the month is part of every group, so the rows are the same.
    /// A statement per month instead made the demo bank's full load 5–11 s slower (222 months, 0.8 s before).
    /// </summary>
    private void FillByMonth(DuckDBConnection connection, CubeDefinition cube, Rollup rollup, IReadOnlyCollection<int>? only, CancellationToken cancellationToken)
    {
        var table = rollup.Table(cube);
        var month = $"CAST({cube.MonthExpression} AS INTEGER)";
        var where = only is null ? string.Empty : $" WHERE {month} IN ({string.Join(", ", only)})";
        var runs = new List<List<int>>();
        long rowsInRun = 0;
        using (var reader = connection.Reader($"SELECT {month}, count(*) FROM {cube.Fact} f{where} GROUP BY 1 ORDER BY 1", cancellationToken))
        {
            while (reader.Read())
            {
                if (reader.IsDBNull(0))
                {
                    // Facts without a month cannot be named in a run: the months are aggregated in one statement, as
                    // they all were before runs.
                    runs = [];
                    break;
                }

                var rows = reader.GetInt64(1);
                if (runs.Count == 0 || rowsInRun + rows > factRowsPerStatement)
                {
                    runs.Add([]);
                    rowsInRun = 0;
                }

                runs[^1].Add(reader.GetInt32(0));
                rowsInRun += rows;
            }
        }

        if (runs.Count == 0)
        {
            connection.Execute($"INSERT INTO {table}\n{RollupColumns.Select(cube, rollup, only)}", cancellationToken);
            return;
        }

        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            connection.Execute($"INSERT INTO {table}\n{RollupColumns.Select(cube, rollup, run)}", cancellationToken);
        }
    }

    /// <summary>
    /// Fact rows one rollup statement aggregates by default: the scale-3 hash table came to about 53 bytes per fact row,
    /// so a run holds some 100 MB, far below the 1.25GB default limit.
    /// </summary>
    public const long FactRowsPerStatement = 2_000_000;

    /// <summary>
    /// What a rollup was made from (a hash of the SELECT that fills it), kept as its table's comment: a changed level
    /// expression, measure or join in a cube file changes it, and the rollup is rebuilt rather than read stale.
    /// </summary>
    private static string Fingerprint(CubeDefinition cube, Rollup rollup) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RollupColumns.Select(cube, rollup, null))))[..16];

    /// <summary>
    /// A 128-bit sum (HUGEINT, DECIMAL(38,s)) stored as its 64-bit type (BIGINT, DECIMAL(18,s)): a rollup cell sums one
    /// month of one group, far below 10^16.
    /// </summary>
    private static string StoredType(string type) =>
        type == "HUGEINT" ? "BIGINT" : type.StartsWith("DECIMAL(38,", StringComparison.Ordinal) ? "DECIMAL(18," + type["DECIMAL(38,".Length..] : type;

    /// <summary>Rollups made before their sums were stored in 64 bits: rebuilt once.</summary>
    private static HashSet<string> OutdatedTables(DuckDBConnection connection)
    {
        using var reader = connection.Reader(
            "SELECT DISTINCT 'agg.' || table_name FROM duckdb_columns() WHERE schema_name = 'agg' AND (data_type = 'HUGEINT' OR data_type LIKE 'DECIMAL(38,%')", CancellationToken.None);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Rollups whose table was made from another definition than the cube files' of now (see <see cref="Fingerprint"/>).</summary>
    private IEnumerable<string> Redefined(DuckDBConnection connection)
    {
        var made = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (var reader = connection.Reader("SELECT 'agg.' || table_name, comment FROM duckdb_tables() WHERE schema_name = 'agg'", CancellationToken.None))
        {
            while (reader.Read())
            {
                made[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        return catalog.Cubes.SelectMany(c => c.Rollups.Select(r => (Table: r.Table(c), Fingerprint: Fingerprint(c, r))))
            .Where(r => made.TryGetValue(r.Table, out var comment) && comment != r.Fingerprint)
            .Select(r => r.Table);
    }

    // Inside the caller's transaction (the batch's publish) the rollups commit or roll back with the facts, so no reader
    // ever sees new facts beside old rollups; otherwise the refresh is a transaction of its own.
    private static void Transactionally(DuckDBConnection connection, DuckDBTransaction? within, Action work)
    {
        if (within is not null)
        {
            // The caller's publish commits it; that moves the published batch, which PublishedState reads in the
            // request's own snapshot, so a compile between the two still sees the old batch with its old rollups.
            work();
            PublishedState.RollupsChanged();
            return;
        }

        using var transaction = connection.BeginTransaction();
        try
        {
            work();
            transaction.Commit();
        }
        finally
        {
            PublishedState.RollupsChanged();
        }
    }
}
