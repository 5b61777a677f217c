using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Export;

/// <summary>What one export did: the batch it holds and how many partitions it wrote, kept and removed.</summary>
public sealed record ExportResult(ExportManifest Manifest, int Written, int Kept, int Removed, long RowsWritten, IReadOnlyList<string> WrittenPaths);

/// <summary>
/// `crmw export parquet`: the star schema (dw) and the marts (mart) as Hive-partitioned Parquet that Spark, Trino or
/// any lakehouse engine reads as is. Facts go by year and month, marts by as-of date, dimensions whole with every
/// SCD2 version. Everything is read in one snapshot of the warehouse, so the export holds one whole published batch.
/// Only partitions whose change marker differs from the previous export's manifest are written (into a folder aside,
/// then renamed into place); the manifest goes last, replaced by a rename.
/// </summary>
public sealed class ParquetExport(TimeProvider clock)
{
    /// <summary>Exports what <paramref name="warehouse"/> holds into <paramref name="directory"/> (created if missing).</summary>
    public ExportResult Run(DuckDBConnection warehouse, string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        var previous = ExportManifest.Read(directory);
        var swap = new PartitionSwap(directory);
        swap.RemoveLeftovers();

        using var snapshot = warehouse.BeginTransaction();
        var (batchId, asOf) = LatestBatch(warehouse, cancellationToken);
        var schemaVersion = (int)warehouse.Count("SELECT max(version) FROM audit.schema_version", cancellationToken);
        var entries = new List<ExportedTableEntry>();
        var written = new List<string>();
        int kept = 0, removed = 0;
        long rowsWritten = 0;
        foreach (var table in ExportTable.All(warehouse, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = previous?.Tables.FirstOrDefault(t => t.Name == table.QualifiedName && t.Split == table.Split && t.Columns == table.Columns);
            var old = before?.Partitions.ToDictionary(p => p.Path, StringComparer.Ordinal) ?? [];
            var now = table.Partitions(warehouse, cancellationToken);
            var changed = now.Where(p => !old.TryGetValue(p.Path, out var o) || o.Marker != p.Marker).ToList();
            var gone = (before is null ? ExistingPartitions(directory, table) : old.Keys).Except(now.Select(p => p.Path)).ToList();
            if (changed.Count > 0)
            {
                progress?.Report($"{table.QualifiedName}: writing {changed.Count} of {now.Count} partition(s)");
                var incoming = swap.Incoming(table);
                warehouse.Execute(table.CopyStatement(changed.Select(p => p.Path).ToList(), incoming), cancellationToken);
                foreach (var partition in changed)
                {
                    swap.Replace(table, partition.Path);
                    written.Add(Path.Combine(table.RelativePath, partition.Path));
                    rowsWritten += partition.Rows;
                }
            }

            foreach (var path in gone)
            {
                swap.Remove(table, path);
            }

            removed += gone.Count;
            kept += now.Count - changed.Count;
            var partitions = now.Select(p => new ExportedPartition(
                p.Path, p.Rows, p.Marker,
                changed.Contains(p) ? batchId : old[p.Path].WrittenAtBatch)).OrderBy(p => p.Path, StringComparer.Ordinal).ToList();
            entries.Add(new ExportedTableEntry(table.QualifiedName, table.Split, table.Columns, now.Sum(p => p.Rows), partitions));
        }

        snapshot.Rollback();
        var manifest = new ExportManifest(ExportManifest.CurrentFormat, batchId, asOf, schemaVersion, clock.GetUtcNow(), entries);
        manifest.Write(directory);
        swap.RemoveLeftovers();
        return new ExportResult(manifest, written.Count, kept, removed, rowsWritten, written);
    }

    private static (long BatchId, DateOnly AsOf) LatestBatch(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader(
            "SELECT batch_id, as_of FROM audit.batch WHERE status = 'published' AND as_of IS NOT NULL ORDER BY batch_id DESC LIMIT 1", cancellationToken);
        if (!reader.Read())
        {
            throw new InvalidOperationException("The warehouse has no published batch to export: load it first (crmw load).");
        }

        return (DuckDbExtensions.ToInt64(reader.GetValue(0)), reader.GetFieldValue<DateOnly>(1));
    }

    /// <summary>Partition folders on disk that no manifest describes (an export of another layout): they go.</summary>
    private static IEnumerable<string> ExistingPartitions(string directory, ExportTable table)
    {
        var root = Path.Combine(directory, table.RelativePath);
        if (!Directory.Exists(root) || table.Split == ExportTable.Whole)
        {
            return [];
        }

        var depth = table.Split == ExportTable.ByMonth ? 2 : 1;
        IEnumerable<string> folders = [root];
        for (var i = 0; i < depth; i++)
        {
            folders = folders.SelectMany(Directory.EnumerateDirectories);
        }

        return folders.Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')).ToList();
    }
}
