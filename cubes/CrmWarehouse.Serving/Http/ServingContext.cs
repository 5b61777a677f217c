using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Sandbox;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

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
        Slots = new QuerySlots(options.Limits.MaxConcurrentQueriesPerUser);
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

    /// <summary>The queries each user has running (<see cref="ServingLimits.MaxConcurrentQueriesPerUser"/>).</summary>
    public QuerySlots Slots { get; }

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

    /// <summary>
    /// Runs one query of a request within the limits: a slot of the user's (429 when they have none left), a time budget
    /// from here to the answer's last byte (408 when it runs out, DuckDB interrupted), a connection of its own, and a
    /// thread of its own, since DuckDB's calls block. The query writes its answer to the response itself (streamed).
    /// </summary>
    public async Task RunQueryAsync(HttpContext http, Func<DuckDBConnection, QueryBudget, Task> query)
    {
        using var slot = Slots.Enter(UserKey(http));
        using var budget = new QueryBudget(Options.Limits.QueryTimeout, http.RequestAborted);
        await budget.RunAsync(token => Task.Run(
            async () =>
            {
                using var connection = Open();
                await query(connection, budget).ConfigureAwait(false);
            },
            token)).ConfigureAwait(false);
    }

    /// <summary>Who a request's queries count against: the signed-in user's name, else the client's address.</summary>
    public static string UserKey(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "user:" + name
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public void Dispose() => _holder.Dispose();
}
