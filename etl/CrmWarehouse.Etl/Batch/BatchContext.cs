using CrmWarehouse.Warehouse.Batch;
using CrmWarehouse.Etl.Extract;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// What the stages of one batch share: the warehouse connection (inside the batch's publish transaction),
/// the batch id, what extract staged, and the counts each stage reports for audit.batch and reconciliation.
/// </summary>
public sealed class BatchContext(DuckDBConnection warehouse, long batchId, bool full, DateOnly asOf, IReadOnlyList<TableExtract> extracts, ILogger logger)
{
    private readonly Dictionary<(string Source, string Table), Reconciliation> _reconciliation =
        extracts.ToDictionary(e => (e.Source, e.Table), e => new Reconciliation(e.Rows));

    public DuckDBConnection Warehouse { get; } = warehouse;

    public long BatchId { get; } = batchId;

    public bool Full { get; } = full;

    /// <summary>The business date the batch loads up to: a source date after it is in the future (a mis-keyed year).</summary>
    public DateOnly AsOf { get; } = asOf;

    public IReadOnlyList<TableExtract> Extracts { get; } = extracts;

    public ILogger Logger { get; } = logger;

    /// <summary>The publish transaction, once begun (the prepare stages run before it).</summary>
    public DuckDBTransaction? Transaction { get; set; }

    /// <summary>Rows per stage, for audit.batch.stage_rows.</summary>
    public Dictionary<string, long> StageRows { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs the stages in turn (timing, cancellation between stages, the stage that failed).</summary>
    public StepRunner Steps { get; init; } = new();

    /// <summary>Seconds per stage, for audit.batch.stage_seconds.</summary>
    public Dictionary<string, double> StageSeconds => Steps.Seconds;

    public IReadOnlyDictionary<(string Source, string Table), Reconciliation> Reconciliation => _reconciliation;

    /// <summary>Counts a stage's outcome for a source table (loaded, rejected or merged as a duplicate).</summary>
    public void Account(string source, string table, long loaded = 0, long rejected = 0, long merged = 0)
    {
        if (!_reconciliation.TryGetValue((source, table), out var counts))
        {
            throw new InvalidOperationException($"No extract of {source}.{table} in batch {BatchId} to account rows to.");
        }

        counts.Loaded += loaded;
        counts.Rejected += rejected;
        counts.Merged += merged;
    }
}

/// <summary>extracted = loaded + rejected + merged duplicates, per source table.</summary>
public sealed class Reconciliation(long extracted)
{
    public long Extracted { get; } = extracted;

    public long Loaded { get; set; }

    public long Rejected { get; set; }

    public long Merged { get; set; }

    public bool Balances => Extracted == Loaded + Rejected + Merged;
}

/// <summary>One step of a batch (clean, match, load, …), run in order within its phase.</summary>
public interface IBatchStage
{
    string Name { get; }

    /// <summary>When the stage runs: before the publish transaction (preparing what it loads) or inside it.</summary>
    StagePhase Phase => StagePhase.Publish;

    void Run(BatchContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The two phases of a batch after extraction. <see cref="Prepare"/> stages clean tonight's staged rows into tables
/// of staging's schema <c>prepared</c> (transactions, balances, accounts: on disk and compressed, emptied with the rest of
/// staging after the batch) or temp tables (customers, which are few), and write nothing else; each statement
/// commits on its own, so the publish transaction later reads committed, parallel-scannable data instead of
/// uncommitted transaction-local rows, which DuckDB scans about half as fast. <see cref="Publish"/> stages change the
/// warehouse, all inside the one publish transaction.
/// </summary>
public enum StagePhase
{
    Prepare,
    Publish,
}
