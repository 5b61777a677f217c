using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Sandbox;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving;

/// <summary>
/// What every request needs: the cubes, the compiler, the warehouse, the users and roles, the query audit and the
/// limits. One per server. It holds one connection for its whole life: that keeps the database open with DuckDB's
/// sandbox locked on it (see <see cref="WarehouseSandbox"/>), so no request ever runs on an unlocked database. The
/// role views are generated before the lock, so that a warehouse whose views cannot be made does not start.
/// </summary>
internal sealed class ServingContext : IAsyncDisposable
{
    private readonly CubeCompiler _compiler;
    private readonly string _connectionString;
    private readonly DuckDBConnection _holder;

    public ServingContext(CubeCatalog catalog, CubeCompiler compiler, string connectionString, ServingOptions options, RoleCatalog roles, ILoggerFactory? loggers = null, TimeProvider? clock = null)
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
            WarehousePath = _holder.DataSource;
            WarehouseIdentity = WarehouseFile.Identity(_holder.DataSource);
            Security = ServingSecurity.Start(_holder, connectionString, roles, loggers, clock);
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

    /// <summary>The warehouse file's path, for the files the service leaves beside it (never sent to a client).</summary>
    public string WarehousePath { get; }

    public ServingOptions Options { get; }

    /// <summary>Roles, users, the CLI's token and the query audit, which the other doors of this process share.</summary>
    public ServingSecurity Security { get; }

    public RoleCatalog Roles => Security.Roles;

    public TimeProvider Clock => Security.Clock;

    public QueryAudit Audit => Security.Audit;

    /// <summary>The queries each user has running (<see cref="ServingLimits.MaxConcurrentQueriesPerUser"/>).</summary>
    public QuerySlots Slots { get; }

    /// <summary>A connection of its own for one request; DuckDB shares the database file between connections.</summary>
    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A connection set up for <paramref name="principal"/>: their role's views first on the search path, their branches set.</summary>
    public DuckDBConnection Open(Principal principal)
    {
        var connection = Open();
        try
        {
            PrincipalSession.Apply(connection, principal);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Compiles against the rollups and the as-of date on this connection (inside the request's snapshot).</summary>
    public CompiledQuery Compile(DuckDBConnection connection, string cube, CubeQuery query) =>
        _compiler.Compile(Catalog.Get(cube), query, RollupRefresher.MaterialisedTables(connection), () => PublishedAsOf.Latest(connection));

    /// <summary>
    /// As above, for <paramref name="principal"/>: a branch-filtered role's cube reads the fact and dimensions through
    /// its views, so the answer covers its branches only, and never a rollup (rollups sum the whole bank).
    /// </summary>
    public CompiledQuery Compile(DuckDBConnection connection, string cube, CubeQuery query, Principal principal)
    {
        if (!principal.Role.FiltersByBranch)
        {
            return Compile(connection, cube, query);
        }

        var definition = Catalog.Get(cube);
        definition = definition with
        {
            Fact = InViews(definition.Fact, principal),
            Joins = [.. definition.Joins.Select(join => join with { Table = InViews(join.Table, principal) })],
        };
        return _compiler.Compile(definition, query, new HashSet<string>(), () => PublishedAsOf.Latest(connection));
    }

    private static string InViews(string table, Principal principal)
    {
        // A derived table (the interactions cube's visits per customer and year) reads its tables through the views too.
        if (table.StartsWith('('))
        {
            return System.Text.RegularExpressions.Regex.Replace(table, @"\bdw\.[a-z_]+", m => InViews(m.Value, principal));
        }

        var name = table[(table.LastIndexOf('.') + 1)..];
        return principal.Scope.HasView(name)
            ? $"\"{principal.Role.ViewSchema}\".\"{name}\""
            : throw new AccessDeniedException($"Role {principal.Role.Name} does not see {table}, which this cube reads.");
    }

    public async ValueTask DisposeAsync()
    {
        await Security.DisposeAsync().ConfigureAwait(false);
        _holder.Dispose();
    }
}
