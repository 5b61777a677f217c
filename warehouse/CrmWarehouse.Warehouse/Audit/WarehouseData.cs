using System.Data.Common;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.DuckDB;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Audit;

/// <summary>
/// linq2db over a DuckDB connection the caller already holds open: typed tables where SQL in C# strings would be.
/// The connection (and its transaction) stay the caller's: disposing the result closes neither, and everything it
/// runs is part of the transaction, so the batch's records publish with its data or not at all.
/// </summary>
public sealed class WarehouseData : DataConnection
{
    private WarehouseData(DataOptions options)
        : base(options)
    {
    }

    public ITable<BatchRecord> Batches => this.GetTable<BatchRecord>();

    public ITable<ReconciliationRecord> Reconciliation => this.GetTable<ReconciliationRecord>();

    public ITable<WatermarkRecord> Watermarks => this.GetTable<WatermarkRecord>();

    public ITable<RejectRecord> Rejects => this.GetTable<RejectRecord>();

    /// <summary>Over <paramref name="connection"/>, inside <paramref name="transaction"/> when one is open on it.</summary>
    public static WarehouseData Over(DuckDBConnection connection, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = DuckDBTools.GetDataProvider();
        var options = transaction is null
            ? new DataOptions().UseConnection(provider, connection, disposeConnection: false)
            : new DataOptions().UseTransaction(provider, transaction);
        return new WarehouseData(options);
    }
}
