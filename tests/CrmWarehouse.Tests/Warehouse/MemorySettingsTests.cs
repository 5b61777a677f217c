using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Warehouse;

/// <summary>
/// What keeps a load's memory bounded, as the warehouse connection is opened from configuration: DuckDB's memory limit,
/// its spill directory, insertion order not kept, and staging in a file there rather than in memory.
/// </summary>
public sealed class MemorySettingsTests
{
    [Test]
    public void Connection_from_the_configuration_has_the_memory_limit_spill_directory_and_no_insertion_order()
    {
        using var database = new TempDatabase();
        var home = Path.GetDirectoryName(database.Path)!;
        var options = new WarehouseOptions { Path = "test.duckdb", MemoryLimit = "300MB", TempDirectory = "spill" };
        using var connection = new DuckDBConnection(options.ConnectionString(home));
        connection.Open();

        Assert.That(connection.Scalar("SELECT current_setting('memory_limit')"), Is.EqualTo("286.1 MiB"));
        Assert.That(connection.Scalar("SELECT current_setting('temp_directory')"), Is.EqualTo(Path.Combine(home, "spill")));
        Assert.That(connection.Scalar("SELECT current_setting('preserve_insertion_order')"), Is.False);
    }

    [Test]
    public void Insertion_order_can_be_kept_when_configured()
    {
        using var database = new TempDatabase();
        var options = new WarehouseOptions { Path = "test.duckdb", PreserveInsertionOrder = true };
        using var connection = new DuckDBConnection(options.ConnectionString(Path.GetDirectoryName(database.Path)!));
        connection.Open();

        Assert.That(connection.Scalar("SELECT current_setting('preserve_insertion_order')"), Is.True);
    }

    [Test]
    public void Staging_is_a_file_in_the_spill_directory_not_memory()
    {
        using var database = new TempDatabase();
        var home = Path.GetDirectoryName(database.Path)!;
        var options = new WarehouseOptions { Path = "test.duckdb", TempDirectory = "spill" };
        using var connection = WarehouseDatabase.OpenMigrated(options.ConnectionString(home));

        Assert.That(connection.Scalar("SELECT path FROM duckdb_databases() WHERE database_name = 'staging'"),
            Is.EqualTo(Path.Combine(home, "spill", "staging.duckdb")));
    }
}
