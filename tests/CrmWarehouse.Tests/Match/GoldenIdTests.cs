using CrmWarehouse.Etl.Match;
using CrmWarehouse.Warehouse.DuckDb;
using Dapper;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CrmWarehouse.Tests.Match;

/// <summary>Golden ids across nights, from hand-made clusters in a real DuckDB file.</summary>
public sealed class GoldenIdTests
{
    private static readonly TimeProvider Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));

    [Test]
    public void First_night_numbers_clusters_from_one()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        var night = Night(connection, ("c1", "c1"), ("c2", "c1"), ("c3", "c3"));

        Assert.That(Ids(connection), Is.EqualTo(new Dictionary<string, long> { ["c1"] = 1, ["c2"] = 1, ["c3"] = 2 }));
        Assert.That(night, Is.EqualTo(new GoldenIds.Assignment(Clusters: 2, NewIds: 2, Merges: 0)));
    }

    [Test]
    public void A_new_record_joins_the_golden_id_of_its_cluster_and_a_new_customer_gets_the_next_id()
    {
        using var database = new DuckDb.TempDatabase();
        using (var connection = database.Open())
        {
            Night(connection, ("c1", "c1"), ("c2", "c1"), ("c3", "c3"));
        }

        // The next night, in a new process: c0 sorts first and labels its cluster, which must not renumber it.
        using var nextNight = database.Open();
        var night = Night(nextNight, ("c0", "c0"), ("c1", "c0"), ("c2", "c0"), ("c3", "c3"), ("c4", "c4"));

        Assert.That(Ids(nextNight), Is.EqualTo(new Dictionary<string, long> { ["c0"] = 1, ["c1"] = 1, ["c2"] = 1, ["c3"] = 2, ["c4"] = 3 }));
        Assert.That(night, Is.EqualTo(new GoldenIds.Assignment(Clusters: 3, NewIds: 1, Merges: 0)));
    }

    [Test]
    public void A_cluster_spanning_two_customers_keeps_the_smaller_id_and_records_the_merge()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        Night(connection, ("c1", "c1"), ("c2", "c2"), ("c3", "c3"));
        var night = Night(connection, ("c1", "c1"), ("c2", "c1"), ("c3", "c1"), ("c5", "c5"));

        var merges = connection.Query<(long Kept, long Merged, DateTime At)>(
            "SELECT kept_golden_id, merged_golden_id, merged_at::TIMESTAMP FROM match.golden_merges ORDER BY merged_golden_id").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Ids(connection), Is.EqualTo(new Dictionary<string, long> { ["c1"] = 1, ["c2"] = 1, ["c3"] = 1, ["c5"] = 4 }),
                "ids 2 and 3 are retired, not reissued");
            Assert.That(merges.Select(m => (m.Kept, m.Merged)), Is.EqualTo(new[] { (1L, 2L), (1L, 3L) }));
            Assert.That(merges[0].At, Is.EqualTo(new DateTime(2026, 11, 22, 2, 0, 0)));
            Assert.That(night.Merges, Is.EqualTo(2));
        });
    }

    [Test]
    public void When_a_customer_splits_the_larger_part_keeps_its_id()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        Night(connection, ("c1", "c1"), ("c2", "c1"), ("c3", "c1"));
        Night(connection, ("c1", "c1"), ("c2", "c2"), ("c3", "c2"));

        Assert.That(Ids(connection), Is.EqualTo(new Dictionary<string, long> { ["c1"] = 2, ["c2"] = 1, ["c3"] = 1 }));
    }

    [Test]
    public void Inside_the_batch_transaction_a_rollback_leaves_last_nights_ids()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        Night(connection, ("c1", "c1"), ("c2", "c2"));

        using (var batch = connection.BeginTransaction())
        {
            connection.Execute("CREATE OR REPLACE TABLE tonight AS SELECT * FROM (VALUES ('c1', 'c1'), ('c2', 'c1'), ('c3', 'c3')) t(record_id, cluster_id)");
            GoldenIds.Assign(connection, "tonight", Clock, batch, CancellationToken.None);
            Assert.That(Ids(connection), Has.Count.EqualTo(3), "the batch sees its own new mapping");
            batch.Rollback();
        }

        Assert.That(Ids(connection), Is.EqualTo(new Dictionary<string, long> { ["c1"] = 1, ["c2"] = 2 }));
        Assert.That(connection.ExecuteScalar<long>("SELECT last_id FROM match.golden_sequence"), Is.EqualTo(2));
    }

    [Test]
    public void Records_absent_tonight_keep_their_id()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        Night(connection, ("c1", "c1"), ("c2", "c2"));
        Night(connection, ("c2", "c2"), ("c9", "c9"));

        Assert.That(Ids(connection), Is.EqualTo(new Dictionary<string, long> { ["c1"] = 1, ["c2"] = 2, ["c9"] = 3 }));
    }

    private static GoldenIds.Assignment Night(DuckDBConnection connection, params (string Record, string Cluster)[] clusters)
    {
        connection.Execute("CREATE OR REPLACE TABLE tonight (record_id VARCHAR, cluster_id VARCHAR)");
        connection.Execute("INSERT INTO tonight VALUES ($record, $cluster)", clusters.Select(c => new { record = c.Record, cluster = c.Cluster }));
        return GoldenIds.Assign(connection, "tonight", Clock, CancellationToken.None);
    }

    private static Dictionary<string, long> Ids(DuckDBConnection connection) =>
        connection.Query<(string Record, long Golden)>("SELECT record_id, golden_id FROM match.golden_ids ORDER BY record_id")
            .ToDictionary(r => r.Record, r => r.Golden);
}
