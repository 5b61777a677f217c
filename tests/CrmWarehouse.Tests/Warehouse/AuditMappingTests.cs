using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Audit;
using CrmWarehouse.Warehouse.Schema;
using LinqToDB;
using LinqToDB.Data;

namespace CrmWarehouse.Tests.Warehouse;

/// <summary>
/// The linq2db mappings of the batch records against the real audit tables the migrations create: a row written
/// through the mapping reads back through plain SQL as written, and the other way round.
/// </summary>
public sealed class AuditMappingTests
{
    private static readonly DateTimeOffset Started = new(2026, 6, 30, 18, 0, 5, TimeSpan.Zero);

    [Test]
    public void Batch_row_round_trips_with_its_as_of_date_and_times()
    {
        using var connection = SchemaTests.Migrated();
        using (var audit = WarehouseData.Over(connection))
        {
            audit.Insert(new BatchRecord
            {
                BatchId = 41, Kind = "full", Status = RunStatus.Failed, StartedAt = Started, FinishedAt = Started.AddSeconds(90),
                Trigger = "test", AsOf = new DateOnly(2026, 6, 30), Error = "source core unreachable",
            });
        }

        Assert.That(connection.Scalar("SELECT as_of FROM audit.batch WHERE batch_id = 41"), Is.EqualTo(new DateOnly(2026, 6, 30)));
        Assert.That(connection.Scalar("SELECT epoch(finished_at) - epoch(started_at) FROM audit.batch"), Is.EqualTo(90.0));
        Assert.That(connection.Scalar("SELECT epoch(started_at) FROM audit.batch"), Is.EqualTo((double)Started.ToUnixTimeSeconds()));
        using var again = WarehouseData.Over(connection);
        var row = again.Batches.Single(b => b.BatchId == 41);
        Assert.That((row.Kind, row.Status, row.Trigger, row.Error), Is.EqualTo(("full", "failed", "test", "source core unreachable")));
        Assert.That((row.StartedAt, row.FinishedAt, row.AsOf), Is.EqualTo((Started, Started.AddSeconds(90), new DateOnly(2026, 6, 30))));
    }

    [Test]
    public void Reconciliation_rows_round_trip_through_bulk_copy()
    {
        using var connection = SchemaTests.Migrated();
        using var audit = WarehouseData.Over(connection);
        audit.BulkCopy(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific }, new[]
        {
            new ReconciliationRecord { BatchId = 3, Source = "core", TableName = "customers", Extracted = 10, Loaded = 7, Rejected = 2, MergedDuplicates = 1 },
            new ReconciliationRecord { BatchId = 3, Source = "cards", TableName = "cards", Extracted = 5, Loaded = 5 },
        });

        Assert.That(connection.Scalar("SELECT loaded + rejected + merged_duplicates FROM audit.reconciliation WHERE source = 'core'"), Is.EqualTo(10L));
        var rows = audit.Reconciliation.OrderBy(r => r.Source).ToList();
        Assert.That(rows.Select(r => (r.BatchId, r.Source, r.TableName, r.Extracted, r.Loaded, r.Rejected, r.MergedDuplicates)),
            Is.EqualTo(new[] { (3L, "cards", "cards", 5L, 5L, 0L, 0L), (3L, "core", "customers", 10L, 7L, 2L, 1L) }));
    }

    [Test]
    public void Watermark_round_trips_and_a_newer_one_replaces_it()
    {
        using var connection = SchemaTests.Migrated();
        using var audit = WarehouseData.Over(connection);
        audit.InsertOrReplace(new WatermarkRecord { Source = "core", TableName = "accounts", ColumnName = "updated_at", Value = "2026-06-29 23:59:59", BatchId = 1 });
        audit.InsertOrReplace(new WatermarkRecord { Source = "core", TableName = "accounts", ColumnName = "updated_at", Value = "2026-06-30 23:59:59", BatchId = 2 });

        Assert.That(connection.Scalar("SELECT count(*) FROM audit.watermark"), Is.EqualTo(1L), "one watermark per source table");
        var mark = audit.Watermarks.Single();
        Assert.That((mark.Source, mark.TableName, mark.ColumnName, mark.Value, mark.BatchId), Is.EqualTo(("core", "accounts", "updated_at", "2026-06-30 23:59:59", 2L)));
    }

    [Test]
    public void Reject_row_round_trips_with_its_action()
    {
        using var connection = SchemaTests.Migrated();
        using var audit = WarehouseData.Over(connection);
        var reject = new RejectRecord
        {
            BatchId = 5, Source = "core", TableName = "customers", SourceKey = "C-17", Rule = "id_check_digit", ColumnName = "id_number",
            RawValue = "11010519491231002Y", Detail = "check character should be X", Action = "repaired",
        };
        audit.Insert(reject);

        Assert.That(connection.Scalar("SELECT action FROM audit.rejects WHERE source_key = 'C-17'"), Is.EqualTo("repaired"));
        var back = audit.Rejects.Single();
        Assert.That((back.BatchId, back.Source, back.TableName, back.SourceKey, back.Rule, back.ColumnName, back.RawValue, back.Detail, back.Action),
            Is.EqualTo((reject.BatchId, reject.Source, reject.TableName, reject.SourceKey, reject.Rule, reject.ColumnName, reject.RawValue, reject.Detail, reject.Action)));
    }

    [Test]
    public void Latest_published_as_of_skips_failed_batches_and_is_null_before_the_first()
    {
        using var connection = SchemaTests.Migrated();
        Assert.That(PublishedAsOf.Latest(connection), Is.Null);
        connection.Exec("INSERT INTO audit.batch (batch_id, kind, status, started_at, trigger, as_of) VALUES (1, 'full', 'published', now(), 'test', DATE '2026-06-29')");
        connection.Exec("INSERT INTO audit.batch (batch_id, kind, status, started_at, trigger, as_of) VALUES (2, 'full', 'failed', now(), 'test', DATE '2026-06-30')");
        Assert.That(PublishedAsOf.Latest(connection), Is.EqualTo(new DateOnly(2026, 6, 29)));
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Open), "linq2db leaves the caller's connection open");
    }
}
