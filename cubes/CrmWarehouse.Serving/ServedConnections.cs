using System.Collections.Concurrent;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving;

/// <summary>
/// The connections that answer the doors' queries, each set up for one session (a role's view schema on the search path
/// and, for a branch-filtered role, its branches: <see cref="PrincipalSession"/>) and kept between requests with the
/// plans of what it ran (<see cref="StatementPlans"/>), so that a statement asked again, by anyone of the same role and
/// branches, skips DuckDB's planning. A connection goes back only when its query said so (<see
/// cref="ServedConnection.KeepForReuse"/>: it ended well and left no transaction open); any other is closed. At most
/// <see cref="MostIdlePerSession"/> wait per session; an idle connection holds no transaction, so it never stands in the
/// way of a load or a checkpoint.
/// </summary>
internal sealed class ServedConnections(Func<Principal, DuckDBConnection> open) : IDisposable
{
    public const int MostIdlePerSession = 16;

    private readonly ConcurrentDictionary<string, ConcurrentStack<ServedConnection>> _idle = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>A connection set up for <paramref name="principal"/>: one that waits for their session, or a new one from <c>open</c>.</summary>
    public ServedConnection Rent(Principal principal)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = SessionOf(principal);
        if (_idle.TryGetValue(session, out var waiting) && waiting.TryPop(out var kept))
        {
            return kept;
        }

        return new ServedConnection(this, session, open(principal));
    }

    /// <summary>How many plans the waiting connections keep, over all sessions.</summary>
    public int KeptPlans => _idle.Values.Sum(waiting => waiting.Sum(connection => connection.Plans.Count));

    internal void Return(ServedConnection connection)
    {
        var waiting = _idle.GetOrAdd(connection.Session, _ => new ConcurrentStack<ServedConnection>());
        if (_disposed || waiting.Count >= MostIdlePerSession)
        {
            connection.Close();
            return;
        }

        waiting.Push(connection);
        if (_disposed)
        {
            CloseIdle();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        foreach (var waiting in _idle.Values)
        {
            while (waiting.TryPop(out var connection))
            {
                connection.Close();
            }
        }
    }

    /// <summary>What a connection's session binds into its plans: the view schema, and the branches when the role's views read them.</summary>
    private static string SessionOf(Principal principal) =>
        principal.Role.FiltersByBranch ? principal.Role.ViewSchema + "\n" + string.Join("\n", principal.Branches) : principal.Role.ViewSchema;
}

/// <summary>One of <see cref="ServedConnections"/>, lent to one query at a time; disposing it gives it back or closes it.</summary>
internal sealed class ServedConnection(ServedConnections owner, string session, DuckDBConnection connection) : IDisposable
{
    private bool _keep;

    public DuckDBConnection Connection { get; } = connection;

    /// <summary>The plans of the statements this connection has run (its session's).</summary>
    public StatementPlans Plans { get; } = new();

    internal string Session { get; } = session;

    /// <summary>Says the query ended well and left nothing open on the connection (no transaction, no reader): it may serve another.</summary>
    public void KeepForReuse() => _keep = true;

    public void Dispose()
    {
        if (_keep)
        {
            _keep = false;
            owner.Return(this);
        }
        else
        {
            Close();
        }
    }

    internal void Close() => Connection.Dispose();
}
