using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Match;
using CrmWarehouse.Warehouse.Batch;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// The stages of the publish transaction, in order: reference data, customers (clean, match, load), accounts, facts,
/// then the steps the host adds to the publish (the cube rollups of the months the facts touched).
/// </summary>
public static class PipelineStages
{
    public static IReadOnlyList<IBatchStage> Create(TimeProvider clock, params IEnumerable<IPublishStep> publishSteps) =>
    [
        new SqlStage("reference", "reference_dimensions"),
        .. CustomerStages.Clean(),
        new MatchStage(MatchSettings.BuiltIn("bank"), clock),
        CustomerStages.Load(),
        .. FactStages.Accounts(),
        .. FactStages.Facts(),
        .. publishSteps.Select(step => new PublishStepStage(step)),
    ];

    /// <summary>A host's publish step run as the pipeline's last stages, inside the publish transaction.</summary>
    private sealed class PublishStepStage(IPublishStep step) : IBatchStage
    {
        public string Name => step.Name;

        public void Run(BatchContext context, CancellationToken cancellationToken)
        {
            var counts = step.Run(new PublishedBatch(context.Warehouse, context.Transaction, context.BatchId, context.AsOf), cancellationToken);
            foreach (var (name, rows) in counts)
            {
                context.StageRows[name] = rows;
            }
        }
    }
}
