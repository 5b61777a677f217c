namespace CrmWarehouse.Warehouse.Export;

/// <summary>
/// The files of an export: partitions are written into <c>.incoming/</c> beside the tables, then each is put in
/// place by renames on the same file system (the old folder aside, the new one in, the old one deleted), so no reader
/// finds a half-written file. Folders starting with a dot are hidden from Spark, Trino and DuckDB's globs alike.
/// </summary>
internal sealed class PartitionSwap(string directory)
{
    private readonly string _incoming = Path.Combine(directory, ".incoming");
    private readonly string _replaced = Path.Combine(directory, ".replaced");

    /// <summary>An empty folder for the table's new partitions.</summary>
    public string Incoming(ExportTable table)
    {
        var path = Path.Combine(_incoming, table.RelativePath);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Puts the partition written into .incoming in place of the exported one (if any).</summary>
    public void Replace(ExportTable table, string partition)
    {
        var source = Path.Combine(_incoming, table.RelativePath, partition);
        if (!Directory.Exists(source))
        {
            throw new InvalidOperationException($"The export of {table.QualifiedName} wrote no folder for partition '{partition}' ({source}): DuckDB named its partitions differently than expected.");
        }

        var target = Path.Combine(directory, table.RelativePath, partition);
        MoveAside(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(source, target);
    }

    /// <summary>Removes a partition that has no rows any more (and its year folder once empty).</summary>
    public void Remove(ExportTable table, string partition)
    {
        var target = Path.Combine(directory, table.RelativePath, partition);
        MoveAside(target);
        var parent = Path.GetDirectoryName(target)!;
        if (partition.Contains('/', StringComparison.Ordinal) && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
        {
            Directory.Delete(parent);
        }
    }

    /// <summary>What an interrupted export left: unfinished partitions and replaced ones not yet deleted.</summary>
    public void RemoveLeftovers()
    {
        foreach (var path in new[] { _incoming, _replaced })
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    private void MoveAside(string target)
    {
        if (Directory.Exists(target))
        {
            Directory.CreateDirectory(_replaced);
            Directory.Move(target, Path.Combine(_replaced, Guid.NewGuid().ToString("N")));
        }
    }
}
