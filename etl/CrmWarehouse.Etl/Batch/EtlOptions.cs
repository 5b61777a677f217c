using CrmWarehouse.Etl.Extract;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Batch;

/// <summary>The warehouse file and its DuckDB settings (config section "Warehouse").</summary>
public sealed class WarehouseOptions
{
    /// <summary>Relative paths are taken from the CrmWarehouse folder.</summary>
    public string Path { get; set; } = "data/warehouse.duckdb";

    public int? Threads { get; set; }

    /// <summary>
    /// DuckDB's memory_limit: past it, DuckDB spills to <see cref="TempDirectory"/> (staging included) instead of
    /// growing; the process uses some hundreds of MB more for .NET. Empty leaves DuckDB's default (80% of the RAM).
    /// </summary>
    public string? MemoryLimit { get; set; } = "1.25GB";

    /// <summary>
    /// Where DuckDB spills and where staging lives (staging.duckdb): by default the warehouse's path + ".tmp", DuckDB's
    /// own default, beside the warehouse on the same disk. Relative paths are taken from the CrmWarehouse folder.
    /// </summary>
    public string? TempDirectory { get; set; }

    /// <summary>
    /// DuckDB's preserve_insertion_order. Kept in order, an INSERT or CREATE TABLE … AS SELECT holds finished row groups in
    /// memory until the ones before them are written, memory that cannot be spilled; nothing here reads rows back in the
    /// order they were written without an ORDER BY, so by default order is not kept. Null leaves DuckDB's default (true).
    /// </summary>
    public bool? PreserveInsertionOrder { get; set; } = false;

    public string ConnectionString(string home)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(home, Path));
        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        if (Threads is { } threads)
        {
            builder["threads"] = threads;
        }

        if (!string.IsNullOrWhiteSpace(MemoryLimit))
        {
            builder["memory_limit"] = MemoryLimit;
        }

        if (PreserveInsertionOrder is { } preserve)
        {
            builder["preserve_insertion_order"] = preserve;
        }

        builder["temp_directory"] = string.IsNullOrWhiteSpace(TempDirectory) ? path + ".tmp" : System.IO.Path.GetFullPath(System.IO.Path.Combine(home, TempDirectory));
        return builder.ConnectionString;
    }
}

/// <summary>When the nightly batch runs (config section "Schedule").</summary>
public sealed class ScheduleOptions
{
    /// <summary>Quartz cron (seconds first): 02:00 every night by default.</summary>
    public string NightlyCron { get; set; } = "0 0 2 * * ?";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    public int RetryAttempts { get; set; } = 4;

    public double RetryFirstDelaySeconds { get; set; } = 2;

    /// <summary>
    /// The weekday (of the as-of date) on which the nightly batch reconciles the keys of the big incremental tables
    /// with their sources, to find rows deleted there (<see cref="Extract.KeyCheck.Scheduled"/>).
    /// </summary>
    public DayOfWeek KeyReconciliationDay { get; set; } = DayOfWeek.Sunday;

    public RetryPolicy Retry => new(RetryAttempts, TimeSpan.FromSeconds(RetryFirstDelaySeconds));
}

/// <summary>Everything a batch needs to know, read from configuration.</summary>
public sealed record EtlOptions(string WarehouseConnectionString, IReadOnlyList<SourceOptions> Sources, ScheduleOptions Schedule)
{
    /// <summary>The last business day the sources hold data for, when they say (the generated bank does); null when unknown.</summary>
    public DateOnly? SourcesBusinessDate { get; init; }

    /// <summary>How this configuration chooses a batch's as-of date.</summary>
    public AsOfPolicy AsOf(TimeProvider clock) => new(clock, TimeZoneInfo.FindSystemTimeZoneById(Schedule.TimeZone), SourcesBusinessDate);

    /// <summary>
    /// The same sources with their files (SQLite databases, CSV folders) taken from another folder, keeping their names.
    /// The configured folder's business date does not hold there: the caller sets that folder's, if it has one.
    /// </summary>
    public EtlOptions WithSourcesIn(string directory) => this with
    {
        SourcesBusinessDate = null,
        Sources = Sources.Select(source => source.Dialect.WithFilesAt(source, path => System.IO.Path.Combine(directory, System.IO.Path.GetFileName(path)))).ToList(),
    };
}
