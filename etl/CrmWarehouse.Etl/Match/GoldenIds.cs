using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// Golden customer ids that stay stable from night to night. <c>match.golden_ids</c> holds last night's mapping
/// (record_id → golden_id); tonight's clusters keep the ids their records already had (the smallest when a cluster
/// joins several, recorded in <c>match.golden_merges</c>), and only clusters of unseen records draw new ids from
/// <c>match.golden_sequence</c>. Runs in one transaction, the nightly batch's when given one (DuckDB does not nest
/// them), else its own: either the whole new mapping is written or none of it.
/// </summary>
public static class GoldenIds
{
    public sealed record Assignment(long Clusters, long NewIds, long Merges);

    public static Assignment Assign(DuckDBConnection connection, string clusters, TimeProvider clock, CancellationToken cancellationToken) =>
        Assign(connection, clusters, clock, batch: null, cancellationToken);

    public static Assignment Assign(DuckDBConnection connection, string clusters, TimeProvider clock, DuckDBTransaction? batch, CancellationToken cancellationToken)
    {
        using var own = batch is null ? connection.BeginTransaction() : null;
        connection.Execute(MatchSql.Fill("golden_plan", ("clusters", clusters)), cancellationToken);
        var newIds = connection.Count("SELECT count(*) FROM golden_new", cancellationToken);
        var total = connection.Count($"SELECT count(DISTINCT cluster_id) FROM {clusters}", cancellationToken);
        const string CountMerges = "SELECT count(*) FROM match.golden_merges";
        var mergesBefore = connection.Count(CountMerges, cancellationToken);
        connection.Execute(MatchSql.Load("golden_merges"), cancellationToken, ("merged_at", clock.GetUtcNow()));
        var merges = connection.Count(CountMerges, cancellationToken) - mergesBefore;
        connection.Execute(MatchSql.Fill("golden_commit", ("clusters", clusters)), cancellationToken);
        own?.Commit();
        return new Assignment(total, newIds, merges);
    }
}
