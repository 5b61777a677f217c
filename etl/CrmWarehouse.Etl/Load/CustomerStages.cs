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
    private static readonly string[] Sources =
        ["staging.core_customers", "staging.cards_cardholders", "staging.wealth_clients", "staging.reference_legacy_deposits"];

    /// <summary>True when tonight's batch extracted at least one customer source.</summary>
    public static bool Extracted(BatchContext context) =>
        context.Extracts.Any(e => Sources.Contains(e.StagingTable, StringComparer.OrdinalIgnoreCase));

    /// <summary>Golden customers into dim_customer (after matching), when customers were extracted.</summary>
    public static IBatchStage Load() => new SqlStage("customers.load", "customers_load")
    {
        RunsWhen = Extracted,
        Then = (warehouse, cancellationToken) => CustomerHistory.Write(warehouse, cancellationToken),
    };

    public static IEnumerable<IBatchStage> Clean() =>
    [
        new SqlStage("customers.prepare", "customers_prepare") { Phase = StagePhase.Prepare },
        new SqlStage("customers.core", "customers_core", Sources[0]) { Phase = StagePhase.Prepare },
        new SqlStage("customers.cards", "customers_cards", Sources[1]) { Phase = StagePhase.Prepare },
        new SqlStage("customers.wealth", "customers_wealth", Sources[2]) { Phase = StagePhase.Prepare },
        new SqlStage("customers.legacy", "customers_legacy", Sources[3]) { Phase = StagePhase.Prepare },
        new SqlStage("customers.check", "customers_check") { Phase = StagePhase.Prepare },
        new SqlStage("customers.rules", "customers_rules"),
    ];
}
