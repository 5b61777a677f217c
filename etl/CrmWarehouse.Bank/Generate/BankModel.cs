
namespace CrmWarehouse.Bank.Generate;

/// <summary>An account deliberately behaving oddly, for the outlier detector to find.</summary>
public enum AnomalyKind { Structuring, Spike }

/// <summary>
/// Everything about the bank that fits in memory: people, accounts, customer records, complaints and planted
/// anomalies. Transactions and balances are not held here; they stream from <see cref="TransactionStream"/>.
/// Building it twice with the same settings gives identical objects.
/// </summary>
public sealed class BankModel
{
    /// <summary>Cash deposits at or above this amount (CNY) must be reported; structuring stays just under it.</summary>
    public const decimal ReportingThreshold = 50_000m;

    public required GeneratorSettings Settings { get; init; }
    public required Organisation Organisation { get; init; }
    public required List<Person> People { get; init; }
    public required List<Account> Accounts { get; init; }
    public required List<CustomerRecord> Records { get; init; }
    public required IReadOnlyList<Complaint> Complaints { get; init; }
    public required IReadOnlyDictionary<long, AnomalyKind> Anomalies { get; init; }
    public required HoldingPlanner Holdings { get; init; }
    public required ChurnPlanner Churn { get; init; }
    public required Dictionary<SourceSystem, int> RecordSequences { get; init; }

    /// <summary>Dirt in streamed rows, filled as tables are written, for the ground truth.</summary>
    public DirtLog DirtLog { get; } = new();

    /// <summary>For each (person, system): the record keys accounts may point at (the first is the original).</summary>
    public required Dictionary<(int PersonId, SourceSystem System), List<string>> KeysByPerson { get; init; }

    public static BankModel Build(GeneratorSettings settings)
    {
        var organisation = new Organisation(settings.Seed);
        var people = new PersonGenerator(settings, organisation).Generate().ToList();
        var holdings = new HoldingPlanner(settings);
        var accounts = holdings.Plan(people);
        var churn = new ChurnPlanner(settings);
        churn.Plan(accounts, people);
        var factory = new CustomerRecordFactory(settings, holdings.HighBalanceThreshold);
        var records = factory.Create(people, accounts, churn.Complaints.Select(c => c.PersonId).Distinct());
        var keys = IndexKeys(records);
        MarkOrphans(settings, accounts);
        return new BankModel
        {
            Settings = settings, Organisation = organisation, People = people, Accounts = accounts, Records = records,
            Complaints = churn.Complaints, Anomalies = PlantAnomalies(settings, accounts), Holdings = holdings, Churn = churn,
            RecordSequences = new Dictionary<SourceSystem, int>(factory.Sequences), KeysByPerson = keys,
        };
    }

    /// <summary>The customer key an account is booked under in its system.</summary>
    public string OwnerKey(Account account)
    {
        if (account.Orphan)
        {
            // Sequences this high are never issued, so the key points at no customer.
            return CustomerRecordFactory.KeyFor(account.System, 90_000_000 + (int)(account.Id % 9_999_999));
        }
        var keys = KeysByPerson[(account.PersonId, account.System)];
        // Accounts opened after a duplicate record appeared are sometimes booked under the duplicate.
        return keys.Count > 1 && account.Id % 2 == 0 ? keys[1] : keys[0];
    }

    public Person PersonOf(Account account) => People[account.PersonId - 1];

    public static Dictionary<(int, SourceSystem), List<string>> IndexKeys(IEnumerable<CustomerRecord> records)
    {
        var keys = new Dictionary<(int, SourceSystem), List<string>>();
        foreach (var r in records)
        {
            (keys.TryGetValue((r.PersonId, r.System), out var list) ? list : keys[(r.PersonId, r.System)] = []).Add(r.Key);
        }
        return keys;
    }

    private static void MarkOrphans(GeneratorSettings settings, List<Account> accounts)
    {
        foreach (var account in accounts)
        {
            account.Orphan = Seeds.For(settings.Seed, "orphan", account.Id).Chance(settings.Dirt.OrphanForeignKey);
        }
    }

    private static Dictionary<long, AnomalyKind> PlantAnomalies(GeneratorSettings settings, List<Account> accounts)
    {
        var random = Seeds.For(settings.Seed, "anomalies");
        // Accounts open through the whole history, so every planted pattern is in the data.
        var demand = accounts.Where(a => a.Product.Code == "D001" && a.System == SourceSystem.Core && a.Closed is null && !a.Orphan && a.Opened < settings.HistoryStart).ToList();
        var anomalies = new Dictionary<long, AnomalyKind>();
        // "A few dozen" at scale 1; never fewer than a handful so small test banks still have some.
        var structuring = Math.Max(6, (int)Math.Round(36 * settings.Scale));
        var spikes = Math.Max(4, (int)Math.Round(24 * settings.Scale));
        while (anomalies.Count < Math.Min(demand.Count, structuring + spikes))
        {
            anomalies.TryAdd(random.Pick(demand).Id, anomalies.Count < structuring ? AnomalyKind.Structuring : AnomalyKind.Spike);
        }
        return anomalies;
    }
}
