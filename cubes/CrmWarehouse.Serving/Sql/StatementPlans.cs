using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// The plans of the statements one connection runs again and again (a dashboard's SQL), kept as DuckDB prepared
/// statements: <c>PREPARE</c> once, then <c>EXECUTE</c>, so that a statement seen before skips DuckDB's parse, bind and
/// planning. Binding is where a role's views cost most (every column a view defines is bound at each prepare, masks
/// included), and DuckDB.NET prepares afresh at every execution (its <c>Prepare()</c> does nothing).
/// <para>
/// A statement runs as sent the first time this connection sees it, so that its errors point into the text the user
/// wrote; the second time it is prepared, and from then on executed. DuckDB binds a prepared statement again by itself
/// when the catalogue has changed since (a load that replaced a view or a table), so a plan never reads what is gone.
/// What a plan binds once and keeps is the connection's session: its search path and the variables of its role's row
/// filters, which is why a connection keeps plans only while it serves one role and one set of branches
/// (<see cref="ServedConnections"/>). The most recently used <see cref="MostPlans"/> are kept; statements longer than
/// <see cref="MostCharacters"/> are never kept. One connection, one thread at a time: not thread-safe.
/// </para>
/// </summary>
public sealed class StatementPlans
{
    public const int MostPlans = 64;

    public const int MostCharacters = GateVerdicts.MostCharactersKeptAsText;

    private const string NamePrefix = "crmw_plan_";

    private readonly Dictionary<string, LinkedListNode<Plan>> _plans = new(StringComparer.Ordinal);
    private readonly LinkedList<Plan> _recent = new();
    private readonly HashSet<string> _seenOnce = new(StringComparer.Ordinal);
    private long _made;

    /// <summary>How many plans this connection keeps.</summary>
    public int Count => _plans.Count;

    /// <summary>
    /// The command that runs <paramref name="sql"/> (a statement the gate let through, with no parameters): its kept
    /// plan, a plan made now on its second sight, or the text itself.
    /// </summary>
    public DuckDBCommand Command(DuckDBConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        var command = connection.CreateCommand();
        command.CommandText = PlanFor(connection, sql) is { } name ? "EXECUTE " + name : sql;
        return command;
    }

    private string? PlanFor(DuckDBConnection connection, string sql)
    {
        if (_plans.TryGetValue(sql, out var kept))
        {
            _recent.Remove(kept);
            _recent.AddFirst(kept);
            return kept.Value.Name;
        }

        if (sql.Length > MostCharacters || _seenOnce.Add(sql))
        {
            // The set of texts seen once is bounded like the plans: what a connection runs only once is not kept long.
            if (_seenOnce.Count > MostPlans * 4)
            {
                _seenOnce.Clear();
            }

            return null;
        }

        _seenOnce.Remove(sql);
        var name = NamePrefix + (++_made).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var prepare = connection.CreateCommand())
        {
            // As long as the statement's first run took to prepare, which the request's time budget covered.
            prepare.CommandText = $"PREPARE {name} AS {sql}";
            prepare.ExecuteNonQuery();
        }

        _plans[sql] = _recent.AddFirst(new Plan(sql, name));
        if (_plans.Count > MostPlans && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _plans.Remove(oldest.Value.Sql);
            Deallocate(connection, oldest.Value.Name);
        }

        return name;
    }

    private static void Deallocate(DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DEALLOCATE " + name;
        command.ExecuteNonQuery();
    }

    private sealed record Plan(string Sql, string Name);
}
