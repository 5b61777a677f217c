using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Cubes.Security;
using CrmWarehouse.Warehouse.Sandbox;
using CrmWarehouse.Warehouse.Schema;
using CrmWarehouse.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Cubes.Http;

/// <summary>
/// What every request needs: the cubes, the compiler, the warehouse, the users and roles, the query audit and the
/// limits. One per server. It holds one connection for its whole life: that keeps the database open with DuckDB's
/// sandbox locked on it (see <see cref="WarehouseSandbox"/>), so no request ever runs on an unlocked database. The
/// role views are generated before the lock, so that a warehouse whose views cannot be made does not start.
/// </summary>
internal sealed partial class ServingContext : IAsyncDisposable
{
    private readonly CubeCompiler _compiler;
    private readonly string _connectionString;
    private readonly DuckDBConnection _holder;

    public ServingContext(CubeCatalog catalog, CubeCompiler compiler, string connectionString, ServingOptions options, RoleCatalog roles, ILoggerFactory? loggers = null, TimeProvider? clock = null)
    {
        Catalog = catalog;
        Options = options;
        Roles = roles;
        Clock = clock ?? TimeProvider.System;
        _compiler = compiler;
        _connectionString = connectionString;
        loggers ??= NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<ServingContext>();
        _holder = new DuckDBConnection(connectionString);
        try
        {
            _holder.Open();
            WarehouseIdentity = WarehouseFile.Identity(_holder.DataSource);
            RoleViews.Refresh(_holder, roles, CancellationToken.None);
            if (!WarehouseSandbox.IsLocked(_holder))
            {
                WarehouseSandbox.Lock(_holder, options.AllowedDirectories);
            }

            Users = UserDirectory.ForWarehouse(_holder.DataSource);
            if (roles.Find("admin") is { } admin && Users.EnsureAdmin(admin) is { } passwordFile)
            {
                LogFirstAdmin(logger, passwordFile);
            }

            LocalToken = LocalServiceToken.Create(_holder.DataSource);
            Audit = new QueryAudit(connectionString, loggers.CreateLogger<QueryAudit>());
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

    public RoleCatalog Roles { get; }

    public TimeProvider Clock { get; }

    public UserDirectory Users { get; }

    /// <summary>The token the CLI on this host signs in with (see <see cref="LocalServiceToken"/>).</summary>
    public LocalServiceToken LocalToken { get; }

    public QueryAudit Audit { get; }

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
        var name = table[(table.LastIndexOf('.') + 1)..];
        return principal.Scope.HasView(name)
            ? $"\"{principal.Role.ViewSchema}\".\"{name}\""
            : throw new AccessDeniedException($"Role {principal.Role.Name} does not see {table}, which this cube reads.");
    }

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync().ConfigureAwait(false);
        LocalToken.Dispose();
        _holder.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No users yet: created user admin; its password is in {PasswordFile} (read it, then delete the file; crmw user add makes more users)")]
    private static partial void LogFirstAdmin(ILogger logger, string passwordFile);
}
