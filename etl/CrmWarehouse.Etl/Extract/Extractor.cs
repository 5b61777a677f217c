using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// What one source table gave one batch. <paramref name="CompleteKeys"/>: a staging table whose <c>source_key</c>
/// column holds the key of every row the source has now (the staged rows of a whole read, or a key scan), when this
/// batch knows them; the hard-delete check compares it with the keys the warehouse holds.
/// </summary>
public sealed record TableExtract(string Source, string Table, string StagingTable, long Rows, string? ChangeColumn, string? Watermark, TimeSpan Duration, string? CompleteKeys = null);

/// <summary>A source could not be read, after its retries: the batch fails and publishes nothing.</summary>
public sealed class SourceUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Extract: streams each source table into its staging table, as many tables at once as there are cores, each on
/// its own source and warehouse connections. Only opening a source is retried; a failure while rows stream fails
/// the table (and so the batch).
/// </summary>
public sealed partial class Extractor(string warehouseConnectionString, RetryPolicy retry, TimeProvider clock, ILogger logger)
{
    public async Task<IReadOnlyList<TableExtract>> ExtractAsync(
        IReadOnlyList<SourceOptions> sources, IReadOnlyDictionary<(string Source, string Table), string> watermarks,
        bool full, long batchId, DateTime changedBefore, IProgress<(string Table, long Rows)>? progress, CancellationToken cancellationToken,
        IReadOnlyDictionary<(string Source, string Table), long>? sizeHints = null, bool reconcileKeys = false)
    {
        // Every table streams on its own source connection and warehouse connection; as many run at once as there
        // are cores (reading a source row and appending it is CPU work on both sides). The biggest tables (by the
        // hints, e.g. what earlier nights read) start first, so that no core is left with a big table at the end.
        var tables = Ordered(sources, sizeHints);
        var results = new TableExtract[tables.Count];
        // Staging is an in-memory database attached to the open warehouse; this connection keeps it open while the
        // tables stream in on their own connections (the caller keeps its own to use the rows afterwards).
        using var holder = new DuckDBConnection(warehouseConnectionString);
        holder.Open();
        Migrator.AttachStaging(holder);

        await Parallel.ForEachAsync(
            Enumerable.Range(0, tables.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (source, table) = tables[i];
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["BatchId"] = batchId, ["Source"] = source.Name });
                using var warehouse = new DuckDBConnection(warehouseConnectionString);
                warehouse.Open();
                // Read from the watermark on, trusting the source never to stamp a change before it (SourceDialect.Query).
                var watermark = !full && table.IsIncremental && watermarks.TryGetValue((source.Name, table.Name), out var mark) ? mark : null;
                if (watermark is not null && IsAfter(watermark, changedBefore))
                {
                    // Left by an older version that let future-dated rows move it: rows since the last sound point
                    // are unknown, so the table is read whole once (the loads replace rows by key).
                    LogFutureWatermark(source.Name, table.Name, watermark);
                    watermark = null;
                }

                var extract = await ExtractTableAsync(warehouse, source, table, watermark, batchId, changedBefore, progress, token).ConfigureAwait(false);
                if (watermark is null)
                {
                    // Read whole: the staged rows are every row the source has.
                    extract = extract with { CompleteKeys = extract.StagingTable };
                }
                else if (table.KeyCheck == KeyCheck.EveryBatch || reconcileKeys)
                {
                    extract = extract with { CompleteKeys = await ExtractKeysAsync(warehouse, source, table, token).ConfigureAwait(false) };
                }

                results[i] = extract;
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Every table of every source, the biggest first when sizes are hinted (stable otherwise).</summary>
    public static List<(SourceOptions Source, SourceTableOptions Table)> Ordered(
        IReadOnlyList<SourceOptions> sources, IReadOnlyDictionary<(string Source, string Table), long>? sizeHints) =>
        sources.SelectMany(source => source.Tables.Select(table => (Source: source, Table: table)))
            .OrderByDescending(t => sizeHints?.GetValueOrDefault((t.Source.Name, t.Table.Name)) ?? 0)
            .ToList();

    private async Task<TableExtract> ExtractTableAsync(
        DuckDBConnection warehouse, SourceOptions source, SourceTableOptions table, string? watermark,
        long batchId, DateTime changedBefore, IProgress<(string Table, long Rows)>? progress, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var label = $"{source.Name}.{table.Name}";
        SourceReader reader;
        try
        {
            reader = await retry.RunAsync(
                () => SourceReader.OpenAsync(source, table, watermark, cancellationToken),
                (attempt, error, delay) => LogRetry(source.Name, table.Name, attempt, retry.Attempts, delay.TotalSeconds, error.Message),
                clock,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RetryPolicy.IsTransient(e))
        {
            throw new SourceUnavailableException($"Source '{source.Name}' ({source.Location()}) could not be read (table {table.Name}) after {retry.Attempts} attempts: {e.Message}", e);
        }

        await using (reader.ConfigureAwait(false))
        {
            var staging = StagingTable.Create(warehouse, source.Name, table, reader.Reader);
            var rows = staging.Fill(warehouse, reader.Reader, batchId, count => progress?.Report((label, count)), cancellationToken);
            var newWatermark = table.IsIncremental ? MaxChange(warehouse, staging, table, changedBefore) ?? watermark : null;
            LogExtracted(source.Name, table.Name, rows, watermark is null ? "full" : "incremental");
            return new TableExtract(source.Name, table.Name, staging.QualifiedName, rows, table.ChangeColumn, newWatermark, clock.GetElapsedTime(started));
        }
    }

    /// <summary>The key of every row of an incremental table, for the hard-delete check; returns the staging table.</summary>
    private async Task<string> ExtractKeysAsync(DuckDBConnection warehouse, SourceOptions source, SourceTableOptions table, CancellationToken cancellationToken)
    {
        SourceReader reader;
        try
        {
            reader = await retry.RunAsync(
                () => source.Dialect.OpenKeysAsync(source, table, cancellationToken),
                (attempt, error, delay) => LogRetry(source.Name, table.Name, attempt, retry.Attempts, delay.TotalSeconds, error.Message),
                clock,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RetryPolicy.IsTransient(e))
        {
            throw new SourceUnavailableException($"Source '{source.Name}' ({source.Location()}) could not be read (keys of table {table.Name}) after {retry.Attempts} attempts: {e.Message}", e);
        }

        await using (reader.ConfigureAwait(false))
        {
            return StagingTable.FillKeys(warehouse, source.Name, table, reader.Reader, cancellationToken);
        }
    }

    /// <summary>
    /// The new watermark: the latest change among tonight's rows, leaving out rows dated after the batch's present
    /// (<paramref name="changedBefore"/>). A future-dated row (a wrong clock, bad data) would otherwise move the
    /// watermark past every change still to come, and they would never be read. Such rows are read again each night
    /// until they are no longer in the future.
    /// </summary>
    private static string? MaxChange(DuckDBConnection warehouse, StagingTable staging, SourceTableOptions table, DateTime changedBefore)
    {
        var column = StagingTable.Quote(table.ChangeColumn!);
        using var reader = warehouse.Reader(
            $"SELECT max({column})::VARCHAR FROM {staging.QualifiedName} WHERE TRY_CAST({column}::VARCHAR AS TIMESTAMP) IS NULL OR TRY_CAST({column}::VARCHAR AS TIMESTAMP) < $before",
            CancellationToken.None,
            ("before", changedBefore));
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetString(0) : null;
    }

    private static bool IsAfter(string watermark, DateTime changedBefore) =>
        DateTime.TryParse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time >= changedBefore;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} table {Table} unreachable (attempt {Attempt} of {Attempts}), retrying in {DelaySeconds} s: {Reason}")]
    private partial void LogRetry(string source, string table, int attempt, int attempts, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} table {Table}: the stored watermark {Watermark} lies after the business date; reading the table whole")]
    private partial void LogFutureWatermark(string source, string table, string watermark);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extracted {Rows} rows from {Source}.{Table} ({Mode})")]
    private partial void LogExtracted(string source, string table, long rows, string mode);
}
