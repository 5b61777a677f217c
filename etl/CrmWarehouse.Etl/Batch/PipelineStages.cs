using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Etl.Cli;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Etl.Match;

namespace CrmWarehouse.Etl.Batch;

/// <summary>
/// The stages of the publish transaction, in order: reference data, customers (clean, match, load), accounts, facts,
/// and the cube rollups of the months the facts touched.
/// </summary>
internal static class PipelineStages
{
    public static IReadOnlyList<IBatchStage> Create(TimeProvider clock) =>
    [
        new SqlStage("reference", "reference_dimensions",
            "staging.reference_branches", "staging.reference_products", "staging.reference_ftp_rates", "staging.reference_channels"),
        .. CustomerStages.Clean(),
        new MatchStage(MatchSettings.BuiltIn("bank"), clock),
        CustomerStages.Load(),
        .. FactStages.Accounts(),
        .. FactStages.Facts(),
        new RollupStage(CubeCatalog.Load(Path.Combine(CrmwPaths.Home, "config", "cubes"))),
    ];
}
