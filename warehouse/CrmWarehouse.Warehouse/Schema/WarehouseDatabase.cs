using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Schema;

/// <summary>
/// The one place that opens the warehouse for work on it: the batch, the service and the mining commands all get a
/// connection brought to the current schema (numbered migrations, <see cref="Migrator"/>) from here.
/// </summary>
public static class WarehouseDatabase
{
    /// <summary>Opens (creating the file if need be) and migrates, applying <paramref name="repeatable"/> scripts whose text changed.</summary>
    public static DuckDBConnection OpenMigrated(string connectionString, params IReadOnlyList<SqlScript> repeatable)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            new Migrator(connection, repeatable).Migrate();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens and migrates a warehouse that must exist already; says what to do when it does not.</summary>
    public static DuckDBConnection OpenExisting(string connectionString)
    {
        var path = new DuckDBConnectionStringBuilder { ConnectionString = connectionString }.DataSource;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The warehouse {path} does not exist yet: run crmw load (or crmw demo) first, or set Warehouse:Path.", path);
        }

        return OpenMigrated(connectionString);
    }
}
