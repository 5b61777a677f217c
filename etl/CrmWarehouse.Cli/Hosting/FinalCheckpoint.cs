using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// The last thing `crmw run` does once its host has stopped: fold the write-ahead log into the warehouse file. A
/// serving process's connections may outlive the host (the native database closes, and checkpoints, only with the last
/// of them), and a process that ends with the database open leaves its .wal to be replayed by the next one.
/// </summary>
internal static class FinalCheckpoint
{
    public static void Run(string warehouseConnectionString)
    {
        using var connection = new DuckDBConnection(warehouseConnectionString);
        connection.Open();
        connection.Execute("CHECKPOINT", CancellationToken.None);
    }
}
