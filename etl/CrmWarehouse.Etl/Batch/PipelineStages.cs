namespace CrmWarehouse.Etl.Batch;

/// <summary>The stages of the publish transaction, in order. Clean, match and load join here as they are built.</summary>
internal static class PipelineStages
{
    public static IReadOnlyList<IBatchStage> Create() => [];
}
