using CrmWarehouse.Serving.Security;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire;

/// <summary>A user who may sign in over the wire: name, role and the SCRAM-SHA-256 verifier of their password.</summary>
public sealed record PgUser(string Name, string Role, ScramVerifier Verifier);

/// <summary>One query as the security model sees it: who, from where, on which connection, what SQL.</summary>
internal sealed record PgQuery(PgUser User, string ClientAddress, DuckDBConnection Connection, string Sql);

/// <summary>What the audit records of one query: never a result value.</summary>
internal sealed record PgQueryRecord(PgUser User, string ClientAddress, string Sql, int ParameterCount, long Rows, TimeSpan Duration, string Outcome);

/// <summary>
/// What the wire protocol takes from the security model: where users are found, the gate every query passes
/// (throwing <see cref="Sql.SqlRefusedException"/> to refuse) and the audit every query is written to.
/// </summary>
internal sealed record PgWireSecurity(Func<string, PgUser?> FindUser, Action<PgQuery> Check, Action<PgQueryRecord> Audit)
{
    /// <summary>Users from config, the read-only gate, no audit (until the security model's store, gate and audit land).</summary>
    public static PgWireSecurity FromOptions(PgWireOptions options)
    {
        var users = options.Users.ToDictionary(
            pair => pair.Key,
            pair => new PgUser(pair.Key, pair.Value.Role, ScramVerifier.Parse(pair.Value.Verifier)),
            StringComparer.Ordinal);
        return new PgWireSecurity(users.GetValueOrDefault, query => Sql.ReadOnlySqlGate.Check(query.Connection, query.Sql), _ => { });
    }
}
