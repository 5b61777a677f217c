using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// What the compiler keeps between queries of one published batch (the rollups that exist, the as-of date) is read
/// again when a batch is published or rollups are made, and each snapshot gets its own batch's state.
/// </summary>
public sealed class PublishedStateTests
{
    private static readonly CubeQuery LastMonth = new()
    {
        Measures = ["amount"],
        By = ["product.category"],
        Where = [new CubeFilter { Op = "last", Count = 1, Unit = "months" }],
    };

    private static readonly CubeQuery ByYear = new() { Measures = ["amount"], By = ["date.year"] };

    [Test]
    public void Relative_filters_count_from_a_batch_published_after_the_compiler_last_answered()
    {
        using var warehouse = new CubeWarehouse();
        Assert.That(warehouse.Compile("transactions", LastMonth).Parameters.Values, Has.Member(202603), "the seed's batch is as of 2026-03-15");

        warehouse.Connection.Exec("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of)
            VALUES (3, 'incremental', 'published', TIMESTAMPTZ '2026-05-01 02:00:00+08', TIMESTAMPTZ '2026-05-01 02:01:00+08', 'schedule', DATE '2026-04-30')
            """);

        var after = warehouse.Compile("transactions", LastMonth).Parameters.Values;
        Assert.That(after, Has.Member(202604).And.No.Member(202603));
    }

    [Test]
    public void A_rollup_made_after_the_compiler_last_answered_is_routed_to()
    {
        using var warehouse = new CubeWarehouse();
        Assert.That(warehouse.Compile("transactions", ByYear).Rollup, Is.Null, "no rollup exists yet");

        new RollupRefresher(warehouse.Catalog).Rebuild(warehouse.Connection, CancellationToken.None);

        Assert.That(warehouse.Compile("transactions", ByYear).Rollup, Is.Not.Null, "the same published batch, but a rollup was made since");
    }

    [Test]
    public void A_snapshot_taken_before_a_publish_keeps_its_own_batch_as_of_date()
    {
        using var warehouse = new CubeWarehouse();
        using var reader = new DuckDB.NET.Data.DuckDBConnection(warehouse.ConnectionString);
        reader.Open();
        using var snapshot = reader.BeginTransaction();
        Assert.That(warehouse.Compiler.Compile(warehouse.Catalog.Get("transactions"), LastMonth, reader).Parameters.Values, Has.Member(202603));

        warehouse.Connection.Exec("""
            INSERT INTO audit.batch (batch_id, kind, status, started_at, finished_at, trigger, as_of)
            VALUES (3, 'incremental', 'published', TIMESTAMPTZ '2026-05-01 02:00:00+08', TIMESTAMPTZ '2026-05-01 02:01:00+08', 'schedule', DATE '2026-04-30')
            """);

        Assert.Multiple(() =>
        {
            Assert.That(warehouse.Compile("transactions", LastMonth).Parameters.Values, Has.Member(202604), "a new snapshot sees the new batch");
            Assert.That(warehouse.Compiler.Compile(warehouse.Catalog.Get("transactions"), LastMonth, reader).Parameters.Values, Has.Member(202603), "the old snapshot still answers as of its batch");
        });
    }
}
