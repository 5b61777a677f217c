using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Sandbox;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Serving;

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
    private readonly Lock _cubeRelationsLock = new();
    private volatile CubeRelations? _cubeRelations;
    private readonly ILogger _logger;

    public ServingContext(CubeCatalog catalog, CubeCompiler compiler, string connectionString, ServingOptions options, RoleCatalog roles, ILoggerFactory? loggers = null, TimeProvider? clock = null)
    {
        Catalog = catalog;
        Options = options;
        Slots = new QuerySlots(options.Limits.MaxConcurrentQueriesPerUser);
        Connections = new ServedConnections(Open);
        _compiler = compiler;
        _connectionString = connectionString;
        _logger = (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("CrmWarehouse.Serving.QueryPhases");
        _holder = new DuckDBConnection(connectionString);
        try
        {
            _holder.Open();
            WarehousePath = _holder.DataSource;
            WarehouseIdentity = WarehouseFile.Identity(_holder.DataSource);
            Security = ServingSecurity.Start(_holder, connectionString, roles, loggers, clock);
            _cubeRelations = CubeRelations.TryCreate(_holder, catalog, compiler);
            if (!WarehouseSandbox.IsLocked(_holder))
            {
                WarehouseSandbox.Lock(_holder, options.SandboxDirectories(CrmwPaths.Home));
            }
        }
        catch
        {
            _holder.Dispose();
            throw;
        }
    }

    public CubeCatalog Catalog { get; }

    /// <summary>
    /// The cubes as relations <c>cubes.&lt;cube&gt;</c> of the SQL doors, made at start from <see cref="Catalog"/>; on a
    /// warehouse without its star schema yet (a service started before its first load) they are made at the first
    /// request after the load, and until then there are none.
    /// </summary>
    public CubeRelations CubeRelations
    {
        get
        {
            if (_cubeRelations is { } made)
            {
                return made;
            }

            lock (_cubeRelationsLock)
            {
                if (_cubeRelations is null)
                {
                    using var connection = Open();
                    _cubeRelations = CubeRelations.TryCreate(connection, Catalog, _compiler);
                }
            }

            return _cubeRelations ?? CubeRelations.None;
        }
    }

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

    /// <summary>The connections that answer queries, kept between requests per role and branches with their plans.</summary>
    public ServedConnections Connections { get; }

    /// <summary>
    /// A connection set up for <paramref name="principal"/> (as <see cref="Open(Principal)"/>) from <see cref="Connections"/>:
    /// disposing it gives it back if the query called <see cref="ServedConnection.KeepForReuse"/>.
    /// </summary>
    public ServedConnection Rent(Principal principal)
    {
        // As Open(principal): the cube relations appear with the first request after the first load, kept connection or not.
        _ = CubeRelations;
        return Connections.Rent(principal);
    }

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
        // Every request and wire session comes here: the cube relations appear with the first one after the first load.
        _ = CubeRelations;
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
        _compiler.Compile(Catalog.Get(cube), query, connection);

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
        return _compiler.Compile(definition, query, connection, useRollups: false);
    }

    /// <summary>The cube relations <paramref name="principal"/> may query over SQL: all of them, or none for a role without cubes.</summary>
    public CubeRelations? CubeRelationsFor(Principal principal) => principal.Role.MayQueryCubes ? CubeRelations : null;

    /// <summary>
    /// The statement that answers a SELECT on a cube relation for <paramref name="principal"/>, with
    /// <paramref name="values"/> for its parameters: the compiled cube query (through the role's views for a
    /// branch-filtered role, as the cube API) with the asked columns around it, or a typed empty answer.
    /// </summary>
    public CubeSqlCommand CompileCubeSql(DuckDBConnection connection, CubeSqlStatement statement, Principal principal, IReadOnlyList<object?> values)
    {
        if (statement.Empty)
        {
            return new CubeSqlCommand(statement.EmptySql, new Dictionary<string, object>(), null);
        }

        // The cube API's cap on filter values holds for the same filters written in SQL (IN lists).
        if (statement.Where?.ValueCount is { } count && count > Options.Limits.MaxFilterValues)
        {
            throw new LimitExceededException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The WHERE clause holds {count:N0} values; at most {Options.Limits.MaxFilterValues:N0} are taken in one cube query. Filter on a coarser level instead."),
                413);
        }

        var compiled = Compile(connection, statement.Relation.Cube.Name, statement.Bind(values), principal);
        return new CubeSqlCommand(statement.Wrap(compiled), compiled.Parameters, ReadFrom(statement.Relation.Cube, compiled, principal));
    }

    /// <summary>The table a cube answer came from, for the query log: the rollup, the fact, or the fact's view of a branch-filtered role.</summary>
    public static string ReadFrom(CubeDefinition cube, CompiledQuery compiled, Principal principal) =>
        compiled.Rollup is { } rollup ? $"agg.{cube.Name}__{rollup}"
        : principal.Role.FiltersByBranch ? $"{principal.Role.ViewSchema}.{cube.Fact[(cube.Fact.LastIndexOf('.') + 1)..]}"
        : cube.Fact;

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

    /// <summary>
    /// Given each query's phases as it ends, in the request's path: <c>crmw bench serve</c> takes them here rather than
    /// from the Debug line, whose making (a log event of nine properties) the bare server it compares with would not pay.
    /// </summary>
    public Action<QueryPhases>? PhasesObserver { get; set; }

    /// <summary>
    /// A query's phases to <see cref="PhasesObserver"/> and as one Debug line with their milliseconds (no query text):
    /// where the time of a request goes.
    /// </summary>
    public void ReportPhases(QueryPhases phases)
    {
        PhasesObserver?.Invoke(phases);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogPhases(_logger, phases[QueryPhase.SignIn], phases[QueryPhase.Wait], phases[QueryPhase.Connect],
                phases[QueryPhase.Check], phases[QueryPhase.Execute], phases[QueryPhase.Write], phases[QueryPhase.Close], phases[QueryPhase.Audit]);
        }
    }

    [LoggerMessage(EventName = QueryPhases.EventName, Level = LogLevel.Debug,
        Message = "Query phases in ms: sign-in {SignIn:0.000}, wait {Wait:0.000}, connect {Connect:0.000}, check {Check:0.000}, execute {Execute:0.000}, write {Write:0.000}, close {Close:0.000}, audit {Audit:0.000}")]
    private static partial void LogPhases(ILogger logger, double signIn, double wait, double connect, double check, double execute, double write, double close, double audit);

    public async ValueTask DisposeAsync()
    {
        await Security.DisposeAsync().ConfigureAwait(false);
        Connections.Dispose();
        _holder.Dispose();
    }
}

/// <summary>What runs for a SELECT on a cube relation: the SQL, its named parameters, and the table its answer reads (null: no rows asked).</summary>
internal sealed record CubeSqlCommand(string Sql, IReadOnlyDictionary<string, object> Parameters, string? ReadFrom)
{
    public DuckDBCommand CreateCommand(DuckDBConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var (name, value) in Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }

        return command;
    }
}
