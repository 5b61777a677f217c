
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Creates each system's customer records from the people who hold products there (and, for the CRM, the people
/// who complained), then dirties them at the configured rates. Duplicates inside one system get their own key.
/// </summary>
internal sealed class CustomerRecordFactory(GeneratorSettings settings, double highBalanceThreshold)
{
    private readonly DirtRates _rates = settings.Dirt;
    private readonly Dictionary<SourceSystem, int> _sequences = new() { [SourceSystem.Core] = 0, [SourceSystem.Cards] = 0, [SourceSystem.Wealth] = 0, [SourceSystem.Legacy] = 0 };

    public static string KeyFor(SourceSystem system, int sequence) => system switch
    {
        SourceSystem.Core => $"C{sequence:D9}",
        SourceSystem.Cards => (6_000_000 + sequence).ToString(System.Globalization.CultureInfo.InvariantCulture),
        SourceSystem.Wealth => $"WM{sequence:D8}",
        _ => $"LG{sequence:D7}",
    };

    /// <summary>Continue numbering after records that already exist (for <c>--advance</c>).</summary>
    public void StartAfter(IReadOnlyDictionary<SourceSystem, int> sequences)
    {
        foreach (var (system, sequence) in sequences)
        {
            _sequences[system] = sequence;
        }
    }

    public IReadOnlyDictionary<SourceSystem, int> Sequences => _sequences;

    public List<CustomerRecord> Create(IReadOnlyList<Person> people, IReadOnlyList<Account> accounts, IEnumerable<int> crmOnlyPeople)
    {
        var systemsOf = new Dictionary<int, SortedSet<SourceSystem>>();
        var firstOpened = new Dictionary<(int, SourceSystem), DateOnly>();
        foreach (var account in accounts)
        {
            (systemsOf.TryGetValue(account.PersonId, out var set) ? set : systemsOf[account.PersonId] = []).Add(account.System);
            var key = (account.PersonId, account.System);
            if (!firstOpened.TryGetValue(key, out var first) || account.Opened < first) firstOpened[key] = account.Opened;
        }
        foreach (var id in crmOnlyPeople)
        {
            (systemsOf.TryGetValue(id, out var set) ? set : systemsOf[id] = []).Add(SourceSystem.Wealth);
        }
        var records = new List<CustomerRecord>((int)(people.Count * 1.4));
        foreach (var person in people)
        {
            if (!systemsOf.TryGetValue(person.Id, out var systems)) continue;
            foreach (var system in systems)
            {
                var since = firstOpened.TryGetValue((person.Id, system), out var f) ? f : person.CustomerSince;
                var record = Record(person, system, since, duplicate: false);
                records.Add(record);
                if (Seeds.For(settings.Seed, "duplicate/" + system, person.Id).Chance(_rates.DuplicateInSystem))
                {
                    records.Add(Record(person, system, since.AddDays(30 + person.Id % 400), duplicate: true));
                }
            }
        }
        return records;
    }

    public CustomerRecord Record(Person person, SourceSystem system, DateOnly since, bool duplicate)
    {
        var sequence = ++_sequences[system];
        var random = Seeds.For(settings.Seed, "record/" + system, sequence);
        var created = since.ToDateTime(new TimeOnly(9, 0)).AddMinutes(random.Next(0, 8 * 60));
        var record = new CustomerRecord
        {
            System = system, Key = KeyFor(system, sequence), PersonId = person.Id, IsDuplicate = duplicate,
            Surname = person.CompanyName is null ? person.Surname : person.CompanyName, GivenName = person.CompanyName is null ? person.GivenName : "",
            Name = person.CustomerName, IdNumber = person.IdNumber, Phone = person.Phone, BirthDate = person.BirthDate,
            Gender = person.Gender, Address = person.Address, OutletCode = person.OutletCode, Tier = Tier(person, system),
            Segment = person.Segment.ToString().ToLowerInvariant(), CreatedAt = created,
            // KYC fields are optional at account opening; about one in ten is left empty.
            Education = random.Chance(0.9) ? Person.EducationName(person.Education) : null,
            Occupation = random.Chance(0.9) ? person.Occupation : null,
            MonthlyIncome = random.Chance(0.85) ? (int)Math.Round(person.MonthlyIncome / 100.0) * 100 : null,
            UpdatedAt = created.AddDays(random.Next(0, Math.Max(1, settings.AsOf.DayNumber - since.DayNumber))),
        };
        if (record.UpdatedAt > settings.AsOf.ToDateTime(new TimeOnly(23, 0))) record.UpdatedAt = created;
        if (duplicate) record.Dirt.Add("duplicate_in_system");
        RecordDirtier.Apply(record, _rates, random, duplicate);
        return record;
    }

    private string Tier(Person person, SourceSystem system) => system switch
    {
        SourceSystem.Wealth => person.WealthFactor >= highBalanceThreshold * 4 ? "R5" : person.AgeAt(settings.AsOf) > 55 ? "R2" : "R3",
        _ => person.WealthFactor >= highBalanceThreshold * 8 ? "私行"
            : person.WealthFactor >= highBalanceThreshold * 2 ? "白金"
            : person.WealthFactor >= highBalanceThreshold ? "金卡" : "普通",
    };
}
