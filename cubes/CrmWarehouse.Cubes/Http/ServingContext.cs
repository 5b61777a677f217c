using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Http;

/// <summary>What every request needs: the cubes, the compiler, the warehouse and the limits. One per server.</summary>
internal sealed class ServingContext(CubeCatalog catalog, CubeCompiler compiler, string connectionString, ServingOptions options)
{
    public CubeCatalog Catalog { get; } = catalog;

    public ServingOptions Options { get; } = options;

    /// <summary>A connection of its own for one request; DuckDB shares the database file between connections.</summary>
    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Compiles against the rollups that exist on this connection (inside the request's snapshot).</summary>
    public CompiledQuery Compile(DuckDBConnection connection, string cube, CubeQuery query) =>
        compiler.Compile(Catalog.Get(cube), query, RollupRefresher.MaterialisedTables(connection));
}
