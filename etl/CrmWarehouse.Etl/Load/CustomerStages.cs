using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.Star;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Customer cleaning as stages: the shared record tables, each configured source's records (a source that is not
/// configured is skipped) and the rules every record goes through are prepared before the publish transaction;
/// writing the rejects and records happens inside it.
/// </summary>
internal static class CustomerStages
{
    /// <summary>The staging tables customer records come from: those the per-source cleaning scripts read.</summary>
    private static readonly HashSet<string> Sources = [.. Clean().OfType<SqlStage>().SelectMany(s => s.StagingTables)];

    /// <summary>True when tonight's batch extracted at least one customer source.</summary>
    public static bool Extracted(BatchContext context) =>
        context.Extracts.Any(e => Sources.Contains(e.StagingTable.ToLowerInvariant()));

    /// <summary>Golden customers into dim_customer (after matching), when customers were extracted.</summary>
    public static IBatchStage Load() => new SqlStage("customers.load", "customers_load")
    {
        RunsWhen = Extracted,
        Then = (warehouse, cancellationToken) => CustomerHistory.Write(warehouse, cancellationToken),
    };

    public static IEnumerable<IBatchStage> Clean() =>
    [
        new SqlStage("customers.prepare", "customers_prepare") { Phase = StagePhase.Prepare },
        new SqlStage("customers.core", "customers_core") { Phase = StagePhase.Prepare },
        new SqlStage("customers.cards", "customers_cards") { Phase = StagePhase.Prepare },
        new SqlStage("customers.wealth", "customers_wealth") { Phase = StagePhase.Prepare },
        new SqlStage("customers.legacy", "customers_legacy") { Phase = StagePhase.Prepare },
        new SqlStage("customers.check", "customers_check") { Phase = StagePhase.Prepare },
        new SqlStage("customers.rules", "customers_rules"),
    ];
}
