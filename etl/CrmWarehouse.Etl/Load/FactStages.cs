using CrmWarehouse.Etl.Batch;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Accounts, then the facts that hang off them, as SQL stages. Each source system's shape is one small script;
/// the rules and keys are shared. A source that is not configured is skipped. Shaping and parsing the staged rows
/// happens before the publish transaction (<see cref="StagePhase.Prepare"/>); keying and loading inside it.
/// </summary>
internal static class FactStages
{
    public static IEnumerable<IBatchStage> Accounts() =>
    [
        new SqlStage("accounts.prepare", "accounts_prepare") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.core", "accounts_core", "staging.core_accounts") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.cards", "accounts_cards", "staging.cards_cards") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.wealth", "accounts_wealth", "staging.wealth_subscriptions") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.legacy", "accounts_legacy", "staging.reference_legacy_deposits") { Phase = StagePhase.Prepare },
        new SqlStage("customer.versions", "customer_versions"),
        new SqlStage("accounts.load", "accounts_load"),
    ];

    public static IEnumerable<IBatchStage> Facts() =>
    [
        new SqlStage("transactions.prepare", "transactions_prepare") { Phase = StagePhase.Prepare },
        new SqlStage("transactions.core", "transactions_core", "staging.core_transactions") { Phase = StagePhase.Prepare },
        new SqlStage("transactions.cards", "transactions_cards", "staging.cards_card_transactions") { Phase = StagePhase.Prepare },
        new SqlStage("transactions.repeats", "transactions_repeats") { Phase = StagePhase.Prepare },
        new SqlStage("transactions.load", "transactions_load"),
        new SqlStage("balances.prepare", "balances_prepare", "staging.core_balances") { Phase = StagePhase.Prepare },
        new SqlStage("balances.load", "balances_load", "staging.core_balances"),
        new SqlStage("interactions.load", "interactions_load",
            "staging.wealth_contacts", "staging.wealth_campaigns", "staging.wealth_campaign_responses", "staging.wealth_complaints", "staging.wealth_surveys"),
    ];
}
