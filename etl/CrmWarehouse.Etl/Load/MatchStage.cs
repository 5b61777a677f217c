using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Match;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Entity resolution inside the publish transaction, over every known customer record (dw.customer_source_record,
/// tonight's changes included), so that a new record meets the customers already known: pairs, clusters, stable
/// golden ids (<c>match.golden_ids</c>), why each record
/// belongs to its customer (<c>match.link_evidence</c>, for the customer 360) and one golden record per customer (<c>match.golden_records</c>) for the
/// customer load. Runs when a customer source was extracted tonight. The model trained on an earlier night is
/// reused unless the load is full or the records have grown past the settings' retraining threshold.
/// </summary>
internal sealed class MatchStage(MatchSettings settings, TimeProvider clock) : IBatchStage
{
    public string Name => "match";

    public void Run(BatchContext context, CancellationToken cancellationToken)
    {
        if (!CustomerStages.Extracted(context))
        {
            return;
        }

        const string Records = "dw.customer_source_record";
        var result = new Matcher(settings, clock).Run(context.Warehouse, Records, context.Transaction, reuseModel: !context.Full, cancellationToken);
        var evidenceStarted = clock.GetTimestamp();
        var evidence = LinkEvidence.Write(context.Warehouse, Records, result, context.BatchId, cancellationToken);
        context.Logger.LogDebug("Stage match: link evidence of {Records} records took {Seconds:F2} s", evidence, clock.GetElapsedTime(evidenceStarted).TotalSeconds);
        context.StageRows[Name] = result.AcceptedPairs;
        context.StageRows["match_evidence"] = evidence;
        context.StageRows["golden_customers"] = result.Golden.Clusters;
        context.StageRows["golden_new"] = result.Golden.NewIds;
        foreach (var (step, seconds) in result.Stages)
        {
            context.Logger.LogDebug("Stage match: {Step} took {Seconds:F2} s", step, seconds);
        }
    }
}
