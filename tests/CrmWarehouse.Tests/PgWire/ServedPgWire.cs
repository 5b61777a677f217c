using System.Collections.Concurrent;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.PgWire;
using CrmWarehouse.Serving.PgWire.Session;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// A seeded test warehouse served over the PostgreSQL wire protocol on a free loopback port, under the serving
/// process's own security: one analyst user (<see cref="User"/> / <see cref="Password"/>) in the warehouse's user
/// store, the analyst's masked views, the parse-tree gate and the query audit.
/// </summary>
internal sealed class ServedPgWire : IAsyncDisposable
{
    public const string User = "analyst";
    public const string Password = "correct horse battery staple";

    private ServedPgWire(CubeWarehouse warehouse, ServingContext context, PgWireServer server)
    {
        Warehouse = warehouse;
        Context = context;
        Server = server;
    }

    public CubeWarehouse Warehouse { get; }

    public ServingContext Context { get; }

    public PgWireServer Server { get; }

    public int Port => Server.Endpoint.Port;

    /// <summary>What the audit hook heard, one record per query.</summary>
    public ConcurrentQueue<PgQueryRecord> Audited { get; } = new();

    /// <summary>Another user with <see cref="Password"/>, of <paramref name="role"/> (config/roles.json), for the given branches.</summary>
    public void AddUser(string name, string role, params string[] branches) =>
        Context.Security.Users.Add(name, Context.Roles.Get(role), branches, Password);

    public string ConnectionString(string? password = null, string database = "warehouse", string user = User) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Password = password ?? Password,
            SslMode = SslMode.Disable,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 60,
        }.ConnectionString;

    public NpgsqlConnection Open(string user = User)
    {
        var connection = new NpgsqlConnection(ConnectionString(user: user));
        connection.Open();
        return connection;
    }

    public static ServedPgWire Start(Action<PgWireOptions>? configure = null)
    {
        var warehouse = new CubeWarehouse();
        var options = new ServingOptions { Limits = new ServingLimits { QueryTimeoutSeconds = 120 } };
        options.PgWire.Port = 0;
        configure?.Invoke(options.PgWire);
        var context = new ServingContext(warehouse.Catalog, new CubeCompiler(), warehouse.ConnectionString, options, CrmWarehouse.Tests.Security.TestUsers.Roles());
        context.Security.Users.Add(User, context.Roles.Get("analyst"), [], Password);
        ServedPgWire? served = null;
        var own = PgWireSecurity.For(context);
        var security = own with { Audit = record => { own.Audit(record); served!.Audited.Enqueue(record); } };
        var server = new PgWireServer(options.Limits.QueryTimeoutSeconds, options.PgWire, security, new ProgressLogger());
        server.Start();
        served = new ServedPgWire(warehouse, context, server);
        return served;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        await Context.DisposeAsync();
        Warehouse.Dispose();
    }
}
