using CrmWarehouse.Etl.Batch;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Accounts, then the facts that hang off them, as SQL stages. Each source system's shape is one small script;
/// the rules and keys are shared. A source that is not configured is skipped.
/// </summary>
internal static class FactStages
{
    public static IEnumerable<IBatchStage> Accounts() =>
    [
        new SqlStage("accounts.prepare", "accounts_prepare"),
        new SqlStage("accounts.core", "accounts_core", "staging.core_accounts"),
        new SqlStage("accounts.cards", "accounts_cards", "staging.cards_cards"),
        new SqlStage("accounts.wealth", "accounts_wealth", "staging.wealth_subscriptions"),
        new SqlStage("accounts.legacy", "accounts_legacy", "staging.reference_legacy_deposits"),
        new SqlStage("accounts.load", "accounts_load"),
    ];

    public static IEnumerable<IBatchStage> Facts() =>
    [
        new SqlStage("transactions.prepare", "transactions_prepare"),
        new SqlStage("transactions.core", "transactions_core", "staging.core_transactions"),
        new SqlStage("transactions.cards", "transactions_cards", "staging.cards_card_transactions"),
        new SqlStage("transactions.load", "transactions_load"),
        new SqlStage("balances.load", "balances_load", "staging.core_balances"),
        new SqlStage("interactions.load", "interactions_load",
            "staging.wealth_contacts", "staging.wealth_campaigns", "staging.wealth_campaign_responses", "staging.wealth_complaints", "staging.wealth_surveys"),
    ];
}
