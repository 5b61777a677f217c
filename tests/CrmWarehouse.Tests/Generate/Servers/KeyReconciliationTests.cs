using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// Hard deletes in a PostgreSQL source (issue #15): an incremental read sees only changed rows, so when reconciliation
/// is due the extractor also scans the table's keys, and a row deleted on the server is missing from them.
/// </summary>
[NonParallelizable]
public sealed class KeyReconciliationTests
{
    [Test]
    public async Task A_key_scan_of_a_postgres_table_gives_every_key_it_has_now_beside_the_incremental_rows()
    {
        using (var pg = new NpgsqlConnection(ThrowAwayServers.Settings.Postgres.ConnectionString("postgres")))
        {
            pg.Execute("""
                DROP TABLE IF EXISTS reconcile_rows;
                CREATE TABLE reconcile_rows (branch text, no integer, amount numeric(18,2), changed timestamp, PRIMARY KEY (branch, no));
                INSERT INTO reconcile_rows VALUES ('HZ01', 1, 10, '2026-06-01'), ('HZ01', 2, 20, '2026-06-02'), ('SH02', 1, 30, '2026-06-03');
                """);
        }

        using var db = new TempDatabase();
        using var holder = db.Open();
        var extractor = new Extractor(db.ConnectionString, RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        var table = new SourceTableOptions { Name = "reconcile_rows", Key = "branch,no", ChangeColumn = "changed" };
        var source = new SourceOptions { Name = "core", Provider = SourceProvider.Postgres, ConnectionString = ThrowAwayServers.Settings.Postgres.ConnectionString("postgres"), Tables = [table] };
        var watermarks = new Dictionary<(string, string), string> { [("core", "reconcile_rows")] = "2026-06-03 00:00:00" };

        var notDue = (await extractor.ExtractAsync([source], watermarks, false, 1, DateTime.MaxValue, null, CancellationToken.None)).Single();
        Assert.That(notDue.CompleteKeys, Is.Null, "a Scheduled table is not scanned when reconciliation is not due");

        var before = (await extractor.ExtractAsync([source], watermarks, false, 2, DateTime.MaxValue, null, CancellationToken.None, reconcileKeys: true)).Single();
        Assert.That(before.Rows, Is.EqualTo(1), "the incremental read itself stays incremental");
        Assert.That(holder.Rows($"SELECT source_key FROM {before.CompleteKeys} ORDER BY 1"), Is.EqualTo(new[] { "HZ01|1", "HZ01|2", "SH02|1" }), "keys made as staging makes source_key");

        using (var pg = new NpgsqlConnection(ThrowAwayServers.Settings.Postgres.ConnectionString("postgres")))
        {
            pg.Execute("DELETE FROM reconcile_rows WHERE branch = 'HZ01' AND no = 2");
        }

        var after = (await extractor.ExtractAsync([source], watermarks, false, 3, DateTime.MaxValue, null, CancellationToken.None, reconcileKeys: true)).Single();
        Assert.That(holder.Rows($"SELECT source_key FROM {after.CompleteKeys} ORDER BY 1"), Is.EqualTo(new[] { "HZ01|1", "SH02|1" }));

        table.KeyCheck = KeyCheck.EveryBatch;
        var everyBatch = (await extractor.ExtractAsync([source], watermarks, false, 4, DateTime.MaxValue, null, CancellationToken.None)).Single();
        Assert.That(everyBatch.CompleteKeys, Is.Not.Null, "a small table is scanned every batch");
        var whole = (await extractor.ExtractAsync([source], new Dictionary<(string, string), string>(), false, 5, DateTime.MaxValue, null, CancellationToken.None)).Single();
        Assert.That(whole.CompleteKeys, Is.EqualTo(whole.StagingTable), "a whole read's staged rows are the complete key set");
    }
}
