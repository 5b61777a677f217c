using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Bench;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Export;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Export;

/// <summary>
/// `crmw export parquet` on a small generated bank loaded by the real batch: DuckDB reading the export answers the
/// 20 questions of `bench cubes` as the warehouse does, and after the next day's batch a second export rewrites
/// exactly the partitions that batch changed, leaving the others' files alone.
/// </summary>
[NonParallelizable]
public sealed class ParquetExportTests
{
    private string _sources = null!;
    private string _export = null!;
    private TempDatabase _warehouse = null!;
    private EtlOptions _options = null!;
    private ExportResult _first = null!;
    private Dictionary<string, DateTime> _firstFiles = null!;
    private long _batch2;
    private ExportResult _second = null!;

    [OneTimeSetUp]
    public async Task Two_nights_and_two_exports()
    {
        _sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        _export = Path.Combine(_sources, "export");
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", _sources]), Is.EqualTo(0));
        _warehouse = new TempDatabase();
        _options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_sources) with { WarehouseConnectionString = _warehouse.ConnectionString };
        await Batch();
        _first = Export();
        _firstFiles = Files();
        Assert.That(await CrmwCli.RunAsync(["generate", "--advance", "1d", "--out", _sources]), Is.EqualTo(0));
        _batch2 = (await Batch()).BatchId;
        _second = Export();
    }

    [OneTimeTearDown]
    public void Remove()
    {
        _warehouse.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_sources, recursive: true);
    }

    [Test]
    public void DuckDB_reading_the_export_answers_the_twenty_cube_bench_questions_as_the_warehouse_does()
    {
        using var warehouse = _warehouse.Open();
        using var export = new DuckDBConnection("Data Source=:memory:");
        export.Open();
        foreach (var table in _second.Manifest.Tables)
        {
            export.Execute($"CREATE SCHEMA IF NOT EXISTS {table.Name.Split('.')[0]}; CREATE VIEW {table.Name} AS {ReadSql(table)}", CancellationToken.None);
        }

        var questions = CubesBench.Questions(_second.Manifest.AsOf);
        Assert.That(questions, Has.Count.GreaterThanOrEqualTo(20));
        var answered = 0;
        Assert.Multiple(() =>
        {
            foreach (var (name, _, query, hand) in questions)
            {
                // Rows in order where a limit makes the order part of the answer; otherwise as a set, as bench cubes
                // compares them: the hand SQL's ORDER BY ties where the unknown member and a total are both NULL.
                string Rows(DuckDBConnection connection) => query.Limit is not null
                    ? Answer(connection, hand)
                    : string.Join('\n', Answer(connection, hand).Split('\n').Order(StringComparer.Ordinal));
                var expected = Rows(warehouse);
                answered += expected.Length > 0 ? 1 : 0;
                Assert.That(Rows(export), Is.EqualTo(expected), name);
            }
        });

        // The as-of month has no month-end balance yet, so b13 (balances of that month) is empty on both sides.
        Assert.That(answered, Is.GreaterThanOrEqualTo(19), "the questions have answers to compare");
    }

    [Test]
    public void The_manifest_names_the_batch_its_as_of_date_the_schema_version_and_every_tables_rows()
    {
        using var warehouse = _warehouse.Open();
        var manifest = ExportManifest.Read(_export)!;
        Assert.That(manifest.BatchId, Is.EqualTo(_batch2));
        Assert.That(manifest.AsOf, Is.EqualTo(warehouse.Scalar($"SELECT as_of FROM audit.batch WHERE batch_id = {_batch2}")));
        Assert.That(manifest.SchemaVersion, Is.EqualTo(warehouse.Count("SELECT max(version) FROM audit.schema_version", CancellationToken.None)));
        Assert.That(manifest.Tables.Select(t => t.Name), Does.Contain("dw.fact_transaction").And.Contain("dw.dim_customer").And.Contain("mart.customer_value"));
        foreach (var table in manifest.Tables)
        {
            Assert.That(table.Rows, Is.EqualTo(warehouse.Count($"SELECT count(*) FROM {table.Name}", CancellationToken.None)), table.Name);
        }

        var scd2 = warehouse.Count("SELECT count(*) FROM dw.dim_customer WHERE NOT is_current", CancellationToken.None);
        Assert.That(scd2, Is.GreaterThan(0), "the second night closed some customer versions");
        using var export = new DuckDBConnection("Data Source=:memory:");
        export.Open();
        Assert.That(export.Count($"SELECT count(*) FROM read_parquet('{_export}/dw/dim_customer/*.parquet') WHERE NOT is_current", CancellationToken.None), Is.EqualTo(scd2));
    }

    [Test]
    public void The_second_export_rewrites_exactly_the_fact_months_the_second_batch_wrote_and_leaves_the_other_files_alone()
    {
        using var warehouse = _warehouse.Open();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in new[] { ("fact_transaction", "date_key"), ("fact_account_event", "date_key"), ("fact_interaction", "date_key"), ("fact_balance_month", "month_key") })
        {
            using var reader = warehouse.Reader($"SELECT DISTINCT {fact.Item2} // 10000, {fact.Item2} // 100 % 100 FROM dw.{fact.Item1} WHERE batch_id = {_batch2}", CancellationToken.None);
            while (reader.Read())
            {
                touched.Add($"dw/{fact.Item1}/year={reader.GetValue(0)}/month={reader.GetValue(1)}");
            }
        }

        var writtenFacts = _second.WrittenPaths.Select(p => p.Replace('\\', '/')).Where(p => p.StartsWith("dw/fact_", StringComparison.Ordinal)).ToHashSet();
        var allFactPartitions = _second.Manifest.Tables.Where(t => t.Split == "month").Sum(t => t.Partitions.Count);
        Assert.That(_first.Kept, Is.Zero, "the first export writes every partition");
        Assert.That(touched, Is.Not.Empty);
        Assert.That(writtenFacts, Is.EquivalentTo(touched), "fact partitions rewritten = the months with rows of the second batch");
        Assert.That(allFactPartitions, Is.GreaterThan(writtenFacts.Count * 4), "most months are left as they were");

        var now = Files();
        var kept = _second.Manifest.Tables
            .SelectMany(t => t.Partitions.Where(p => p.WrittenAtBatch < _batch2).Select(p => Folder(t.Name, p.Path)))
            .ToList();
        Assert.That(kept, Has.Count.EqualTo(_second.Kept).And.Count.GreaterThan(0));
        foreach (var folder in kept)
        {
            var files = _firstFiles.Keys.Where(f => f.StartsWith(folder, StringComparison.Ordinal)).ToList();
            Assert.That(files, Is.Not.Empty, folder);
            Assert.That(files.All(f => now.TryGetValue(f, out var time) && time == _firstFiles[f]), Is.True, $"{folder}: its files are the first export's");
        }

        foreach (var folder in writtenFacts.Select(p => p + "/"))
        {
            Assert.That(now.Keys.Where(f => f.StartsWith(folder, StringComparison.Ordinal)).All(f => !_firstFiles.TryGetValue(f, out var time) || time != now[f]), Is.True, $"{folder} rewritten");
        }

        Assert.That(Directory.Exists(Path.Combine(_export, ".incoming")) || Directory.Exists(Path.Combine(_export, ".replaced")), Is.False, "nothing left aside");
    }

    private ExportResult Export()
    {
        using var connection = _warehouse.Open();
        return new ParquetExport(TimeProvider.System).Run(connection, _export, null, CancellationToken.None);
    }

    /// <summary>A partition's folder relative to the export, ending in '/': dw/fact_transaction/year=2025/month=3/.</summary>
    private static string Folder(string table, string partition) =>
        table.Replace('.', '/') + "/" + (partition.Length == 0 ? string.Empty : partition + "/");

    /// <summary>Every Parquet file of the export (path relative to it, '/'-separated) with its last write time.</summary>
    private Dictionary<string, DateTime> Files() =>
        Directory.EnumerateFiles(_export, "*.parquet", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_export, f).Replace('\\', '/'), File.GetLastWriteTimeUtc, StringComparer.Ordinal);

    private string ReadSql(ExportedTableEntry table)
    {
        var folder = Path.Combine(_export, table.Name.Replace('.', '/'));
        return table.Split switch
        {
            "month" => $"SELECT * EXCLUDE (year, month) FROM read_parquet('{folder}/*/*/*.parquet', hive_partitioning = true)",
            "as_of" when table.Partitions.Count == 0 => $"SELECT NULL AS as_of WHERE false",
            "as_of" => $"SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning = true)",
            _ => $"SELECT * FROM read_parquet('{folder}/*.parquet')",
        };
    }

    private static string Answer(DuckDBConnection connection, string sql)
    {
        using var reader = connection.Reader(sql, CancellationToken.None);
        return CubesBench.Text(reader, skipGrouping: true);
    }

    private async Task<BatchResult> Batch()
    {
        var state = await GeneratorState.LoadAsync(_sources, CancellationToken.None);
        return await new BatchRunner(_options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(false, "test", state.CurrentDay), null, CancellationToken.None);
    }
}
