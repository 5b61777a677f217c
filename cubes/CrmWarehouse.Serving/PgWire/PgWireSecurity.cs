using CrmWarehouse.Serving.Security;
using CrmWarehouse.Serving.Sql;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire;

/// <summary>A user who may sign in over the wire: who they act as (role, branches) and the SCRAM-SHA-256 verifier of their password.</summary>
public sealed record PgUser(string Name, Principal Principal, ScramVerifier Verifier)
{
    public string Role => Principal.Role.Name;
}

/// <summary>One query as the security model sees it: who, from where, on which connection, what SQL.</summary>
internal sealed record PgQuery(PgUser User, string ClientAddress, DuckDBConnection Connection, string Sql);

/// <summary>What the audit records of one query: never a result value.</summary>
internal sealed record PgQueryRecord(PgUser User, string ClientAddress, string Sql, int ParameterCount, long Rows, TimeSpan Duration, string Outcome)
{
    /// <summary>The relations the gate found it reads (for a cube relation: the cube's, and the table its answer came from).</summary>
    public IReadOnlyList<string> Relations { get; init; } = [];
}

/// <summary>
/// What the wire protocol takes from the security model: where users are found, the connection a user's queries run
/// on (the role's views on its search path, their branches set), the gate every query passes (throwing
/// <see cref="SqlRefusedException"/> to refuse, else saying what the query reads and, for a cube relation, what it
/// asks the cube compiler), how a cube relation's query compiles for the user, and the audit every query is written to.
/// </summary>
internal sealed record PgWireSecurity(
    Func<string, PgUser?> FindUser,
    Func<PgUser, DuckDBConnection> Open,
    Func<PgQuery, GatedStatement> Check,
    Func<PgUser, DuckDBConnection, CubeSqlStatement, IReadOnlyList<object?>, CubeSqlCommand> CompileCube,
    Action<PgQueryRecord> Audit)
{
    /// <summary>The serving process's own: the users of <c>crmw user</c>, the role views, the parse-tree gate and <c>audit.query_log</c> (door <c>pgwire</c>).</summary>
    public static PgWireSecurity For(ServingContext context) => new(
        name => context.Security.Users.Find(name) is { } account && Principal.For(account, context.Roles) is { } principal
            ? new PgUser(account.Name, principal, account.Verifier)
            : null,
        user => context.Open(user.Principal),
        query => SqlGate.Check(query.Connection, query.Sql, PgScope.For(query.User.Principal.Scope.Sql), context.Options.Limits.Gate, CancellationToken.None, context.CubeRelationsFor(query.User.Principal)),
        (user, connection, statement, values) => context.CompileCubeSql(connection, statement, user.Principal, values),
        record => context.Audit.Record(new QueryRecord(
            context.Clock.GetUtcNow() - record.Duration, record.User.Name, record.Role(), QueryRecord.PgWire, record.ClientAddress, record.Sql,
            null, record.Relations, record.Rows, record.Duration.TotalMilliseconds, Outcome(record.Outcome), record.Outcome == "ok" ? null : record.Outcome)));

    private static QueryOutcome Outcome(string outcome) => outcome switch
    {
        "ok" => QueryOutcome.Ok,
        nameof(SqlRefusedException) or nameof(AccessDeniedException) or nameof(LimitExceededException) => QueryOutcome.Refused,
        nameof(TimeoutException) or nameof(OperationCanceledException) => QueryOutcome.Timeout,
        _ => QueryOutcome.Error,
    };
}

internal static class PgQueryRecordExtensions
{
    public static string Role(this PgQueryRecord record) => record.User.Role;
}
