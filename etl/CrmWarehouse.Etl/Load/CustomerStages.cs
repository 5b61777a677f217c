using CrmWarehouse.Etl.Batch;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Customer cleaning as stages: the shared record tables, each configured source's records (a source that is not
/// configured is skipped), then the rules every record goes through.
/// </summary>
internal static class CustomerStages
{
    public static IEnumerable<IBatchStage> Clean() =>
    [
        new SqlStage("customers.prepare", "customers_prepare"),
        new SqlStage("customers.core", "customers_core", "staging.core_customers"),
        new SqlStage("customers.cards", "customers_cards", "staging.cards_cardholders"),
        new SqlStage("customers.wealth", "customers_wealth", "staging.wealth_clients"),
        new SqlStage("customers.legacy", "customers_legacy", "staging.reference_legacy_deposits"),
        new SqlStage("customers.rules", "customers_rules"),
    ];
}
