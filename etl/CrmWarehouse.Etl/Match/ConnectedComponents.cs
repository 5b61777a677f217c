using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// Clusters from accepted pairs: the connected components of the graph whose nodes are records and whose edges
/// are pairs, found in DuckDB by label propagation until no label changes. Each cluster is labelled by its
/// smallest record id; a record with no accepted pair is a cluster of its own.
/// </summary>
internal static class ConnectedComponents
{
    /// <summary>Propagation rounds before giving up; pointer jumping needs about log2 of the longest chain.</summary>
    private const int MaxRounds = 64;

    /// <summary>
    /// Clusters every <c>record_id</c> of <paramref name="nodes"/> along the edges <c>id_l</c> — <c>id_r</c> of
    /// <paramref name="pairs"/> into <paramref name="clusters"/> (<c>record_id</c>, <c>cluster_id</c>); returns the rounds taken.
    /// </summary>
    public static int Run(DuckDBConnection connection, string nodes, string pairs, string clusters, CancellationToken cancellationToken)
    {
        connection.Execute(MatchSql.Fill("components_start", ("nodes", nodes), ("pairs", pairs), ("clusters", clusters)), cancellationToken);
        var step = MatchSql.Fill("components_step", ("clusters", clusters));
        var changed = MatchSql.Fill("components_changed", ("clusters", clusters));
        var commit = MatchSql.Fill("components_commit", ("clusters", clusters));
        for (var round = 1; round <= MaxRounds; round++)
        {
            connection.Execute(step, cancellationToken);
            var moved = connection.Count(changed, cancellationToken);
            connection.Execute(commit, cancellationToken);
            if (moved == 0)
            {
                return round;
            }
        }

        throw new InvalidOperationException($"Connected components did not settle in {MaxRounds} rounds of label propagation.");
    }
}
