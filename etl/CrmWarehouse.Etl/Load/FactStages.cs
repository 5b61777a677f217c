using CrmWarehouse.Etl.Batch;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// Accounts, then the facts that hang off them, as SQL stages. Each source system's shape is one small script;
/// the rules and keys are shared. A script whose source is not configured (its staging tables were not extracted) is skipped. Shaping and parsing the staged rows
/// happens before the publish transaction (<see cref="StagePhase.Prepare"/>); keying and loading inside it.
/// </summary>
internal static class FactStages
{
    public static IEnumerable<IBatchStage> Accounts() =>
    [
        new SqlStage("accounts.prepare", "accounts_prepare") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.core", "accounts_core") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.cards", "accounts_cards") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.wealth", "accounts_wealth") { Phase = StagePhase.Prepare },
        new SqlStage("accounts.legacy", "accounts_legacy") { Phase = StagePhase.Prepare },
        new SqlStage("customer.versions", "customer_versions"),
        new SqlStage("accounts.load", "accounts_load"),
    ];

    public static IEnumerable<IBatchStage> Facts()
    {
        // The balance load works on what the prepare stage parsed: it runs when that stage ran.
        var balances = new SqlStage("balances.prepare", "balances_prepare") { Phase = StagePhase.Prepare };
        return
        [
            new SqlStage("transactions.prepare", "transactions_prepare") { Phase = StagePhase.Prepare },
            new SqlStage("transactions.core", "transactions_core") { Phase = StagePhase.Prepare },
            new SqlStage("transactions.cards", "transactions_cards") { Phase = StagePhase.Prepare },
            new SqlStage("transactions.repeats", "transactions_repeats") { Phase = StagePhase.Prepare },
            new SqlStage("transactions.load", "transactions_load"),
            balances,
            new SqlStage("balances.load", "balances_load") { RunsWhen = balances.Runs },
            new SqlStage("interactions.load", "interactions_load"),
        ];
    }
}
