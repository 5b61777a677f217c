using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Warehouse.Sandbox;
using CrmWarehouse.Warehouse.Schema;
using CrmWarehouse.Warehouse;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// What every request needs: the cubes, the compiler, the warehouse and the limits. One per server. It holds one
/// connection for its whole life: that keeps the database open with DuckDB's sandbox locked on it (see
/// <see cref="WarehouseSandbox"/>), so no request ever runs on an unlocked database.
/// </summary>
internal sealed class ServingContext : IDisposable
{
    private readonly CubeCompiler _compiler;
    private readonly string _connectionString;
    private readonly DuckDBConnection _holder;

    public ServingContext(CubeCatalog catalog, CubeCompiler compiler, string connectionString, ServingOptions options)
    {
        Catalog = catalog;
        Options = options;
        _compiler = compiler;
        _connectionString = connectionString;
        _holder = new DuckDBConnection(connectionString);
        try
        {
            _holder.Open();
            WarehouseIdentity = WarehouseFile.Identity(_holder.DataSource);
            if (!WarehouseSandbox.IsLocked(_holder))
            {
                WarehouseSandbox.Lock(_holder, options.AllowedDirectories);
            }
        }
        catch
        {
            _holder.Dispose();
            throw;
        }
    }

    public CubeCatalog Catalog { get; }

    /// <summary>Which warehouse file this server serves (<see cref="WarehouseFile.Identity"/>), for <c>/health</c>.</summary>
    public string WarehouseIdentity { get; }

    public ServingOptions Options { get; }

    /// <summary>A connection of its own for one request; DuckDB shares the database file between connections.</summary>
    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Compiles against the rollups and the as-of date on this connection (inside the request's snapshot).</summary>
    public CompiledQuery Compile(DuckDBConnection connection, string cube, CubeQuery query) =>
        _compiler.Compile(Catalog.Get(cube), query, RollupRefresher.MaterialisedTables(connection), () => PublishedAsOf.Latest(connection));

    public void Dispose() => _holder.Dispose();
}
