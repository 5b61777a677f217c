using CrmWarehouse.Bank.LocalServers;

namespace CrmWarehouse.Bank.Generate;

/// <summary>What one advanced day changed, to be upserted into the sources.</summary>
public sealed record DayDelta(DateOnly Day, IReadOnlyList<Person> NewPeople, List<CustomerRecord> Records, List<Account> Accounts, List<Transaction> Transactions);

/// <summary>
/// <c>crmw generate --advance Nd</c>: rebuilds the model from the state file's settings, replays the days already
/// advanced (they are deterministic), then adds each new day — new customers and accounts, changed addresses, phones
/// and tiers with a new updated_at, closures, the day's transactions — and upserts them into the existing sources.
/// Reference and legacy files are snapshots and stay as they are.
/// </summary>
public static class DayAdvancer
{
    /// <summary>New customers per day as a share of the bank's people.</summary>
    private const double DailyNewCustomerRate = 0.0004;

    public static async Task RunAsync(string outDir, int days, LocalServerSettings servers, Action<string> report, CancellationToken cancellationToken)
    {
        var state = await GeneratorState.LoadAsync(outDir, cancellationToken).ConfigureAwait(false);
        var settings = state.Settings;
        settings.OutDir = outDir;
        report($"Advancing the bank from {state.CurrentDay:yyyy-MM-dd} by {days} day(s)…");
        var model = BankModel.Build(settings);
        for (var day = settings.AsOf.AddDays(1); day <= state.CurrentDay; day = day.AddDays(1))
        {
            Apply(model, day);
        }
        var writer = new SourceWriter(servers, state.WrittenTo(), outDir, report);
        for (var i = 0; i < days; i++)
        {
            var delta = Apply(model, state.CurrentDay.AddDays(1));
            delta.Transactions.AddRange(DayTransactions(model, delta.Day));
            foreach (var system in new[] { SourceSystem.Core, SourceSystem.Cards, SourceSystem.Wealth }.Where(writer.Includes))
            {
                await WriteAsync(writer, system, model, delta, cancellationToken).ConfigureAwait(false);
            }
            await GroundTruthWriter.AppendAsync(model, outDir, delta.NewPeople, delta.Records.Where(r => r.CreatedAt >= delta.Day.ToDateTime(TimeOnly.MinValue)).ToList(),
                delta.Accounts, cancellationToken).ConfigureAwait(false);
            state.CurrentDay = delta.Day;
            await state.SaveAsync(outDir, cancellationToken).ConfigureAwait(false);
            report($"  {delta.Day:yyyy-MM-dd}: {delta.Records.Count:N0} customer records new or changed, {delta.Accounts.Count:N0} accounts opened or closed, {delta.Transactions.Count:N0} transactions");
        }
    }

    /// <summary>Applies one day's events to the model and returns what changed.</summary>
    public static DayDelta Apply(BankModel model, DateOnly day)
    {
        var records = DailyChanges.ChangeRecords(model, day);
        var accounts = DailyChanges.CloseAccounts(model, day);
        var settings = model.Settings;
        var random = Seeds.For(settings.Seed, "advance/new", day.DayNumber);
        var newcomers = new PersonGenerator(settings, model.Organisation)
            .Newcomers(model.People.Count + 1, random.Poisson(settings.PeopleCount * DailyNewCustomerRate), day);
        var factory = new CustomerRecordFactory(settings, model.Holdings.HighBalanceThreshold);
        factory.StartAfter(model.RecordSequences);
        foreach (var person in newcomers)
        {
            model.People.Add(person);
            var products = new List<Product> { ProductCatalogue.Get(person.Segment == Segment.Retail ? "D001" : "D009") };
            if (person.AgeAt(day) >= 19 && random.Chance(0.25)) products.Add(ProductCatalogue.Get("C001"));
            foreach (var product in products)
            {
                var account = model.Holdings.Open(model.Accounts.Count + 1, person, product, day, random);
                account.System = product.System;
                model.Accounts.Add(account);
                accounts.Add(account);
                if (!model.KeysByPerson.ContainsKey((person.Id, account.System)))
                {
                    var record = factory.Record(person, account.System, day, duplicate: false);
                    record.UpdatedAt = record.CreatedAt;
                    model.Records.Add(record);
                    model.KeysByPerson[(person.Id, account.System)] = [record.Key];
                    records.Add(record);
                }
            }
        }
        foreach (var (system, sequence) in factory.Sequences) model.RecordSequences[system] = sequence;
        return new DayDelta(day, newcomers, records, accounts, []);
    }

    private static IEnumerable<Transaction> DayTransactions(BankModel model, DateOnly day)
    {
        var stream = new TransactionStream(model);
        return model.Accounts.Where(a => a.System is SourceSystem.Core or SourceSystem.Cards).SelectMany(a => stream.ForDay(a, day));
    }

    private static async Task WriteAsync(SourceWriter writer, SourceSystem system, BankModel model, DayDelta delta, CancellationToken cancellationToken)
    {
        var tables = SourceWriter.TablesOf(system, model).ToDictionary(t => t.Name);
        var records = delta.Records.Where(r => r.System == system).ToList();
        var accounts = delta.Accounts.Where(a => a.System == system).ToList();
        var transactions = delta.Transactions.Where(t => model.Accounts[(int)t.AccountId - 1].System == system).ToList();
        // Customers and accounts change in place (upsert); transactions and balances are new rows (bulk append).
        var batches = system switch
        {
            SourceSystem.Core => new (SourceTable, IEnumerable<object?[]>, bool Append)[]
            {
                (tables["customers"], records.Select(CoreBankingTables.CustomerRow), false),
                (tables["accounts"], accounts.Select(a => CoreBankingTables.AccountRow(model, a)), false),
                (tables["transactions"], transactions.Select(CoreBankingTables.TransactionRow), true),
                (tables["balances"], MonthEndBalances(model, delta.Day), true),
            },
            SourceSystem.Cards => new (SourceTable, IEnumerable<object?[]>, bool Append)[]
            {
                (tables["cardholders"], records.Select(CardTables.HolderRow), false),
                (tables["cards"], accounts.Select(a => CardTables.CardRow(model, a)), false),
                (tables["card_transactions"], transactions.Select(t => CardTables.TransactionRow(model, t)), true),
            },
            _ => new (SourceTable, IEnumerable<object?[]>, bool Append)[]
            {
                (tables["clients"], records.Select(WealthCrmTables.ClientRow), false),
                (tables["contacts"], WealthCrmTables.DayContacts(model, delta.Day), true),
            },
        };
        await using var sink = await writer.OpenAsync(system, cancellationToken).ConfigureAwait(false);
        foreach (var (table, rows, append) in batches)
        {
            if (append)
            {
                await sink.BulkWriteAsync(table, rows, _ => { }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.UpsertAsync(table, rows, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>On a month end, a balance row for every open core account: last known level, moved a little.</summary>
    private static IEnumerable<object?[]> MonthEndBalances(BankModel model, DateOnly day)
    {
        if (day != Calendar.MonthEnd(new DateOnly(day.Year, day.Month, 1))) yield break;
        var s = model.Settings;
        foreach (var account in model.Accounts.Where(a => a.System == SourceSystem.Core && a.Product.HasBalance && a.IsOpenOn(day)))
        {
            var history = AccountEconomics.MonthEndBalances(account, s.Seed, s.HistoryStart, s.Months);
            var last = history[^1] ?? account.BalanceLevel;
            var balance = (decimal)Math.Round(last * Seeds.For(s.Seed, "advance/balance/" + day.DayNumber, account.Id).LogNormal(0, 0.05), 2);
            yield return [account.Number, day, balance, balance, Math.Round(balance * account.Product.Rate / 1200m, 2), day.ToDateTime(new TimeOnly(23, 50))];
        }
    }
}
