using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Sets a connection up for one principal before any of their SQL runs on it: the search path is the role's view
/// schema (so <c>SELECT … FROM dim_customer</c> reads the role's masked view) and <c>crmw_branches</c> holds the user's
/// branches for the row filters. Both are per-connection and still settable after DuckDB's configuration lock; the SQL
/// gate refuses SET from users, so a query cannot change them.
/// </summary>
public static class PrincipalSession
{
    public static void Apply(DuckDBConnection connection, Principal principal)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(principal);
        var branches = string.Join(", ", principal.Branches.Select(Literal));
        using var command = connection.CreateCommand();
        command.CommandText = $"SET search_path = {Literal(principal.Role.ViewSchema)}; SET VARIABLE {RoleViews.BranchesVariable} = [{branches}]::VARCHAR[];";
        command.ExecuteNonQuery();
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
