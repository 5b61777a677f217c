using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// The nightly pipeline as this host composes it: the pipeline's own stages (Etl), then the cube rollups (Cubes) in the
/// same publish transaction. Etl does not know the cubes; this is where the two meet.
/// </summary>
internal static class NightlyPipeline
{
    public static IReadOnlyList<IBatchStage> Stages(TimeProvider clock) =>
        PipelineStages.Create(clock, new RollupStage(CubeCatalog.Load(CrmwPaths.Cubes)));
}
