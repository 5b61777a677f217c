using CrmWarehouse.Etl.Load;

namespace CrmWarehouse.Etl.Batch;

/// <summary>The stages of the publish transaction, in order. Customer cleaning, matching and the facts join as they are built.</summary>
internal static class PipelineStages
{
    public static IReadOnlyList<IBatchStage> Create() =>
    [
        new SqlStage("reference", "reference_dimensions",
            "staging.reference_branches", "staging.reference_products", "staging.reference_ftp_rates", "staging.reference_channels"),
    ];
}
