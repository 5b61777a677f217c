using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Batch;

/// <summary>What a batch hands to the work that is not the pipeline's own (the cube rollups, the mining stage).</summary>
/// <param name="Warehouse">The warehouse connection the batch runs on.</param>
/// <param name="Transaction">The publish transaction for an <see cref="IPublishStep"/>; null after the publish.</param>
/// <param name="BatchId">The batch's id; the fact rows it wrote carry it.</param>
/// <param name="AsOf">The batch's as-of date (DESIGN.md §2), the same for every stage.</param>
public sealed record PublishedBatch(DuckDBConnection Warehouse, DuckDBTransaction? Transaction, long BatchId, DateOnly AsOf);

/// <summary>
/// Work that joins a batch's publish transaction after the load (DESIGN.md §2 step 6: the rollups of the partitions
/// touched), so it publishes together with the facts it summarises. Declared here because the pipeline (Etl) runs it
/// without knowing the projects that provide it (Cubes); the host composes them.
/// </summary>
public interface IPublishStep
{
    /// <summary>The stage name in audit.batch.stage_seconds.</summary>
    string Name { get; }

    /// <summary>Runs inside the publish transaction; returns counts to record in audit.batch.stage_rows.</summary>
    IReadOnlyDictionary<string, long> Run(PublishedBatch batch, CancellationToken cancellationToken);
}

/// <summary>Work a batch does after it has published (the mining stage). A failure here must not un-publish the batch.</summary>
public interface IAfterPublish
{
    void Run(PublishedBatch batch, CancellationToken cancellationToken);
}
