using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Batch;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// The nightly pipeline as this host composes it: the pipeline's own stages (Etl), then the cube rollups (Cubes) in the
/// same publish transaction, then the mining stage after the publish. Etl does not know the cubes; this is where the two
/// meet. Every crmw process that runs a batch (the scheduled job of <c>run</c>, a load through <c>serve</c> or
/// <c>run</c>, <c>crmw load</c> on the file) gets it from <see cref="Compose"/>.
/// </summary>
internal static class NightlyPipeline
{
    public static IReadOnlyList<IBatchStage> Stages(TimeProvider clock) =>
        PipelineStages.Create(clock, new RollupStage(CubeCatalog.Load(CrmwPaths.Cubes)));

    /// <summary>
    /// The batch: stages, rollups, then mining; in a serving process (<paramref name="roles"/> given) also the role views
    /// made again after the load, so that the rollup tables it created are seen through them at once.
    /// </summary>
    public static ComposedBatch Compose(EtlOptions options, MiningOptions mining, RoleCatalog? roles, TimeProvider clock, ILoggerFactory loggers)
    {
        var miner = new MiningAfterLoad(mining, clock, loggers.CreateLogger<MiningAfterLoad>());
        IAfterPublish afterPublish = roles is null ? miner : new RoleViewsAfterLoad(miner, roles, loggers.CreateLogger<RoleViewsAfterLoad>());
        return new ComposedBatch(new BatchRunner(options, Stages(clock), clock, loggers.CreateLogger<BatchRunner>(), afterPublish), miner, options);
    }
}

/// <summary>A composed batch: its runner, the mining stage after it (which says how its last run went) and its options.</summary>
internal sealed record ComposedBatch(BatchRunner Runner, MiningAfterLoad Mining, EtlOptions Options);
