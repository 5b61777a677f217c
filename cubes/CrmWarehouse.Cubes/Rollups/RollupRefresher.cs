using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Cubes.Rollups;

/// <summary>
/// Keeps the rollup tables of schema <c>agg</c> in step with the facts. After a load the ETL calls
/// <see cref="Refresh"/> with the months (yyyymm) its batch touched: for each rollup those months are deleted and
/// re-aggregated in one transaction (the caller's, if one is open on the connection), so a reader sees either the old
/// or the new months, never half.
/// Cubes without a date (customer profile) are re-aggregated whole.
/// </summary>
internal sealed class RollupRefresher(CubeCatalog catalog)
{
    /// <summary>Re-aggregates the touched months of every rollup (creating rollups that do not exist yet).</summary>
    public void Refresh(DuckDbConnection connection, IReadOnlyCollection<int> touchedMonths)
    {
        var existing = MaterialisedTables(connection);
        Transactionally(connection, () =>
        {
            foreach (var cube in catalog.Cubes)
            {
                foreach (var rollup in cube.Rollups)
                {
                    var table = rollup.Table(cube);
                    if (!existing.Contains(table))
                    {
                        connection.Execute($"CREATE TABLE {table} AS\n{RollupColumns.Select(cube, rollup, null)}", CancellationToken.None);
                    }
                    else if (cube.DateKey is null)
                    {
                        connection.Execute($"DELETE FROM {table}", CancellationToken.None);
                        connection.Execute($"INSERT INTO {table}\n{RollupColumns.Select(cube, rollup, null)}", CancellationToken.None);
                    }
                    else if (touchedMonths.Count > 0)
                    {
                        connection.Execute($"DELETE FROM {table} WHERE {RollupColumns.Month} IN ({string.Join(", ", touchedMonths)})", CancellationToken.None);
                        connection.Execute($"INSERT INTO {table}\n{RollupColumns.Select(cube, rollup, touchedMonths)}", CancellationToken.None);
                    }
                }
            }
        });
    }

    /// <summary>Drops and re-creates every rollup from all the facts (after a cube file changed).</summary>
    public void Rebuild(DuckDbConnection connection) => Transactionally(connection, () =>
    {
        foreach (var cube in catalog.Cubes)
        {
            foreach (var rollup in cube.Rollups)
            {
                connection.Execute($"CREATE OR REPLACE TABLE {rollup.Table(cube)} AS\n{RollupColumns.Select(cube, rollup, null)}", CancellationToken.None);
            }
        }
    });

    /// <summary>The agg.* tables that exist, as schema-qualified names.</summary>
    public static HashSet<string> MaterialisedTables(DuckDbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 'agg.' || table_name FROM duckdb_tables() WHERE schema_name = 'agg'";
        using var reader = command.ExecuteReader();
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    // Inside the caller's transaction (the batch's publish) the rollups commit or roll back with the facts, so no reader
    // ever sees new facts beside old rollups; otherwise the refresh is a transaction of its own.
    private static void Transactionally(DuckDbConnection connection, Action work)
    {
        if (connection.CurrentTransaction is not null)
        {
            work();
            return;
        }

        using var transaction = connection.BeginTransaction();
        work();
        transaction.Commit();
    }
}
