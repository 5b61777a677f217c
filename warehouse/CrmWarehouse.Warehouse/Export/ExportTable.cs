using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Export;

/// <summary>
/// A table of the star schema or the marts as the export splits it (see Sql/export_tables.sql): by year and month
/// (facts), by as-of date (marts), or whole (dimensions, with every SCD2 version). Each partition has a change
/// marker: for a fact, its row count and the latest batch id on its rows (every batch that writes a fact row stamps
/// its id on it, and a removed row lowers the count); elsewhere, the row count and a hash of every row.
/// </summary>
internal sealed record ExportTable(string Schema, string Name, string Split, string DateColumn, string Columns)
{
    public const string ByMonth = "month";
    public const string ByAsOf = "as_of";
    public const string Whole = "whole";

    public string QualifiedName => $"{Schema}.{Name}";

    /// <summary>Where the table's partitions go, relative to the export's root: dw/fact_transaction.</summary>
    public string RelativePath => Path.Combine(Schema, Name);

    private string Sql => $"{Quote(Schema)}.{Quote(Name)}";

    public static List<ExportTable> All(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader(Script("export_tables"), cancellationToken);
        var tables = new List<ExportTable>();
        while (reader.Read())
        {
            tables.Add(new ExportTable(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return tables;
    }

    /// <summary>Every partition the table has now: its folder, rows and change marker.</summary>
    public List<(string Path, long Rows, string Marker)> Partitions(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        var sql = Split switch
        {
            ByMonth => $"SELECT {PartitionPath}, count(*), count(*) || ':' || max(batch_id) FROM {Sql} GROUP BY ALL",
            ByAsOf => $"SELECT {PartitionPath}, count(*), count(*) || ':' || sum(hash(t)) FROM {Sql} t GROUP BY ALL",
            // A whole table has its one partition even when empty, so that a reader finds its columns.
            _ => $"SELECT '', count(*), count(*) || ':' || coalesce(sum(hash(t)), 0) FROM {Sql} t",
        };
        using var reader = warehouse.Reader(sql, cancellationToken);
        var partitions = new List<(string, long, string)>();
        while (reader.Read())
        {
            partitions.Add((reader.GetString(0), DuckDbExtensions.ToInt64(reader.GetValue(1)), reader.GetString(2)));
        }

        return partitions;
    }

    /// <summary>
    /// COPY of the given partitions (all of a whole table) into <paramref name="target"/>, one folder per partition
    /// named the way Hive and DuckDB name them; the partition columns are in the folder names, not in the files.
    /// </summary>
    public string CopyStatement(IReadOnlyCollection<string> partitions, string target)
    {
        var path = Literal(target);
        if (Split == Whole)
        {
            return $"COPY (SELECT * FROM {Sql}) TO {Literal(Path.Combine(target, "data_0.parquet"))} (FORMAT parquet, COMPRESSION zstd)";
        }

        var wanted = string.Join(", ", partitions.Select(Literal));
        var columns = Split == ByMonth
            ? $"*, {Quote(DateColumn)} // 10000 AS year, {Quote(DateColumn)} // 100 % 100 AS month"
            : "*";
        var by = Split == ByMonth ? "year, month" : "as_of";
        return $"COPY (SELECT {columns} FROM {Sql} WHERE {PartitionPath} IN ({wanted})) TO {path} " +
               $"(FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({by}), FILENAME_PATTERN 'data_{{i}}')";
    }

    /// <summary>The partition's folder as SQL text: year=2025/month=3 (no padding, as Hive writes integers), as_of=2026-06-30.</summary>
    private string PartitionPath => Split == ByMonth
        ? $"'year=' || ({Quote(DateColumn)} // 10000) || '/month=' || ({Quote(DateColumn)} // 100 % 100)"
        : "'as_of=' || strftime(as_of, '%Y-%m-%d')";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Script(string name)
    {
        var assembly = typeof(ExportTable).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Export/{name}.sql")
            ?? throw new InvalidOperationException($"The SQL script Export/{name}.sql is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public override string ToString() => $"{QualifiedName} ({Split})";
}
