using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// An ADO.NET connection to a DuckDB database. Like every DuckDB connection it is meant for one thread
/// at a time; open one per thread (they share the native database, see <see cref="DuckDbDatabase"/>).
/// </summary>
public sealed class DuckDbConnection : DbConnection
{
    private string _connectionString = string.Empty;
    private DuckDbDatabase? _database;
    private ConnectionHandle? _handle;
    private ConnectionState _state = ConnectionState.Closed;

    public DuckDbConnection()
    {
    }

    public DuckDbConnection(string connectionString) => _connectionString = connectionString;

    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }

            _connectionString = value ?? string.Empty;
        }
    }

    public override string Database => "main";

    public override string DataSource => new DuckDbConnectionStringBuilder(_connectionString).DataSource;

    public override string ServerVersion => NativeMethods.LibraryVersion();

    public override ConnectionState State => _state;

    /// <summary>The transaction begun on this connection and not yet finished.</summary>
    internal DuckDbTransaction? CurrentTransaction { get; set; }

    internal ConnectionHandle Handle =>
        _handle ?? throw new InvalidOperationException("The connection is not open; call Open() first.");

    /// <summary>Version of the DuckDB library in use, e.g. "v1.5.6".</summary>
    public static string LibraryVersion
    {
        get
        {
            NativeMethods.EnsureLoaded();
            return NativeMethods.LibraryVersion();
        }
    }

    public override void Open()
    {
        if (_state == ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        var builder = new DuckDbConnectionStringBuilder(_connectionString);
        var database = DuckDbDatabase.Acquire(builder.DataSource, builder.Settings);
        try
        {
            _handle = database.Connect();
        }
        catch
        {
            database.Release();
            throw;
        }

        _database = database;
        _state = ConnectionState.Open;

        // DuckDB tracks query progress only with its progress bar on (a session setting); we want the figures
        // for QueryProgress, never DuckDB's own printing to the console.
        // A sandboxed database (see WarehouseSandbox) refuses every SET: it runs without progress figures.
        try
        {
            ExecuteNonQuery("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
        }
        catch (DuckDbException e) when (e.Message.Contains("configuration has been locked", StringComparison.Ordinal))
        {
        }
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        try
        {
            CurrentTransaction?.Dispose();
        }
        finally
        {
            CurrentTransaction = null;
            _handle?.Dispose();
            _handle = null;
            _database?.Release();
            _database = null;
            _state = ConnectionState.Closed;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("DuckDB has one database per connection string; attach others with ATTACH.");

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <summary>Begins a transaction. DuckDB gives snapshot isolation whatever level is asked for.</summary>
    public new DuckDbTransaction BeginTransaction(IsolationLevel isolationLevel = IsolationLevel.Unspecified)
    {
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already in progress on this connection; DuckDB does not nest transactions.");
        }

        ExecuteNonQuery("BEGIN TRANSACTION");
        CurrentTransaction = new DuckDbTransaction(this, isolationLevel);
        return CurrentTransaction;
    }

    public new DuckDbCommand CreateCommand() => new() { Connection = this };

    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>Opens an appender on a table (schema optional) for bulk loading.</summary>
    public DuckDbAppender CreateAppender(string table) => CreateAppender(null, table);

    public DuckDbAppender CreateAppender(string? schema, string table) => new(this, null, schema, table);

    /// <summary>Opens an appender on a table of an attached database (<paramref name="catalog"/>).</summary>
    public DuckDbAppender CreateAppender(string? catalog, string? schema, string table) => new(this, catalog, schema, table);

    /// <summary>Interrupts the query running on this connection, from any thread.</summary>
    public void Interrupt()
    {
        var handle = _handle;
        if (handle is { IsClosed: false })
        {
            NativeMethods.Interrupt(handle);
        }
    }

    /// <summary>Progress of the query running on this connection (percentage −1 when unknown).</summary>
    public DuckDbQueryProgress QueryProgress
    {
        get
        {
            var progress = NativeMethods.QueryProgress(Handle);
            return new DuckDbQueryProgress(progress.Percentage, progress.RowsProcessed, progress.TotalRowsToProcess);
        }
    }

    internal int ExecuteNonQuery(string sql)
    {
        using var command = CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    protected override DbProviderFactory DbProviderFactory => DuckDbProviderFactory.Instance;
}

/// <summary>How far the running query has got.</summary>
public readonly record struct DuckDbQueryProgress(double Percentage, ulong RowsProcessed, ulong TotalRowsToProcess);
