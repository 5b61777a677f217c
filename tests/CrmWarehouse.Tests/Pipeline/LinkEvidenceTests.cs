using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// The match step writes why each record belongs to its golden customer (match.link_evidence, for the customer 360):
/// one row per record, the pair it was linked through with each field's level and weight, and on a night that changes
/// no link it rewrites nothing.
/// </summary>
[NonParallelizable]
public sealed class LinkEvidenceTests
{
    private string _sources = null!;
    private TempDatabase _warehouse = null!;
    private BatchResult _first = null!;

    [OneTimeSetUp]
    public async Task LoadABank()
    {
        _sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", _sources]), Is.EqualTo(0));
        _warehouse = new TempDatabase();
        _first = await Batch(full: true);
    }

    [OneTimeTearDown]
    public void Remove()
    {
        _warehouse.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_sources, recursive: true);
    }

    [Test]
    public void Every_record_has_its_evidence_and_merged_ones_agree_with_the_accepted_pairs()
    {
        using var connection = _warehouse.Open();
        Assert.That(connection.Scalar("SELECT count(*) FROM match.link_evidence"), Is.EqualTo(connection.Scalar("SELECT count(*) FROM dw.customer_source_record")));
        Assert.That(connection.Scalar("SELECT count(*) FROM match.link_evidence e JOIN match.golden_ids g USING (record_id) WHERE g.golden_id <> e.customer_id"), Is.EqualTo(0L));
        // A record shares its customer with another exactly when it has a partner it was linked through.
        Assert.That(connection.Scalar("""
            SELECT count(*) FROM match.link_evidence e
            WHERE (e.linked_through IS NOT NULL) <> ((SELECT count(*) FROM match.golden_ids g WHERE g.golden_id = e.customer_id) > 1)
            """), Is.EqualTo(0L));
        Assert.That(connection.Scalar("""
            SELECT count(*) FROM match.link_evidence e
            WHERE e.linked_through IS NOT NULL
              AND (abs(e.prior_weight + list_sum([f.weight FOR f IN e.fields]) - e.total_weight) > 1e-9 OR e.total_weight < e.threshold_weight
                   OR len(e.fields) <> 7 OR list_contains([f.level FOR f IN e.fields], NULL)
                   OR NOT EXISTS (SELECT 1 FROM match.pairs p WHERE (p.id_l, p.id_r) IN ((e.record_id, e.linked_through), (e.linked_through, e.record_id))))
            """), Is.EqualTo(0L), "total = prior + fields, above the threshold, one level per comparison, an accepted pair");
        Assert.That(connection.Scalar("SELECT count(*) FROM match.link_evidence WHERE linked_through IS NOT NULL"), Is.Positive);
        Assert.That(_first.StageRows["match_evidence"], Is.EqualTo(connection.Scalar("SELECT count(*) FROM match.link_evidence")));
    }

    [Test]
    public async Task A_night_that_changes_no_link_rewrites_no_evidence()
    {
        using (var connection = _warehouse.Open())
        {
            Assert.That(connection.Scalar("SELECT count(DISTINCT batch_id) FROM match.link_evidence"), Is.EqualTo(1L));
        }

        var second = await Batch(full: false);
        Assert.That(second.StageRows, Does.ContainKey("match_evidence"), "the match ran");
        Assert.That(second.StageRows["match_evidence"], Is.Zero);
        using var after = _warehouse.Open();
        Assert.That(after.Scalar("SELECT max(batch_id) FROM match.link_evidence"), Is.EqualTo(_first.BatchId));
    }

    private async Task<BatchResult> Batch(bool full)
    {
        var options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_sources) with { WarehouseConnectionString = _warehouse.ConnectionString };
        var state = await GeneratorState.LoadAsync(_sources, CancellationToken.None);
        return await new BatchRunner(options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(full, "test", state.CurrentDay), null, CancellationToken.None);
    }
}
