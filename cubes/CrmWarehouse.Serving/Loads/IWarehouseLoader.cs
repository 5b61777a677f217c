namespace CrmWarehouse.Serving.Loads;

/// <summary>
/// Runs one batch (extract, clean, match, load, publish, then its after-publish work) inside the serving process, on
/// its own connection to the database the service holds. Serving cannot know the pipeline (DESIGN §1: Serving does not
/// reference Etl), so the host that composes both (the CLI's <c>serve</c> and <c>run</c>) implements this with the same
/// batch composition its nightly job uses.
/// </summary>
public interface IWarehouseLoader
{
    /// <summary>True while a batch runs in this process (a scheduled one included): DuckDB has one writer.</summary>
    bool Busy { get; }

    /// <summary>Runs the batch to its end; a failure is an outcome, not an exception (cancellation excepted).</summary>
    Task<LoadOutcome> RunAsync(LoadOrder order, ILoadProgress progress, CancellationToken cancellationToken);
}

/// <summary>
/// What <c>POST /api/loads</c> asked for: the business date (null: the configured default), full or incremental, and
/// whether to reconcile every table's keys with its source tonight (hard deletes in the big tables).
/// </summary>
public sealed record LoadOrder(DateOnly? AsOf, bool Full, bool ReconcileKeys = false);

/// <summary>How a load ended. <paramref name="ExitCode"/> is what <c>crmw load</c> exits with (0 published, 1 failed).</summary>
public sealed record LoadOutcome(bool Published, long? BatchId, DateOnly? AsOf, string? Summary, string? Error, int ExitCode);

/// <summary>Told what a running load is doing, for <c>GET /api/loads/{id}</c>.</summary>
public interface ILoadProgress
{
    /// <summary>A stage started (extract, clean, …, publish, mining).</summary>
    void Stage(string name);

    /// <summary>Rows extracted so far from a source table.</summary>
    void Extracted(string table, long rows);
}
