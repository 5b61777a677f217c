using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Writes what the generator planted to <c>&lt;out&gt;/ground_truth/</c>: the true person behind every source record,
/// every dirt applied, closures with reasons, complaints, anomalies, profit per person and the planted rules with
/// their measured support, confidence and lift. The ETL never reads this folder; tests and evaluations do.
/// </summary>
internal static class GroundTruthWriter
{
    public const string Folder = "ground_truth";

    public static async Task WriteAsync(BankModel model, string outDir, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(outDir, Folder);
        await using var sink = new CsvSink(folder, _ => new UTF8Encoding(false));
        var profit = PlantedFacts.ProfitPerPerson(model);
        var rules = PlantedFacts.Rules(model);
        foreach (var table in Tables(model, profit, rules))
        {
            await sink.RecreateAsync(table, cancellationToken).ConfigureAwait(false);
            await sink.BulkWriteAsync(table, table.Rows(), _ => { }, cancellationToken).ConfigureAwait(false);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(Summary(model, profit, rules), JsonOptions), cancellationToken).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string S(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static SourceTable Table(string name, string key, string[] columns, Func<IEnumerable<object?[]>> rows) =>
        new(name, columns.Select(c => new Column(c, ColumnKind.Text)).ToArray(), key, rows);

    /// <summary>
    /// Appends what an advanced day created or changed: new people, new source records, and new or closed accounts
    /// (a later line for the same account supersedes the earlier one).
    /// </summary>
    public static async Task AppendAsync(BankModel model, string outDir, IReadOnlyList<Person> people, IReadOnlyList<CustomerRecord> records,
        IReadOnlyList<Account> accounts, CancellationToken cancellationToken)
    {
        await using var sink = new CsvSink(Path.Combine(outDir, Folder), _ => new UTF8Encoding(false));
        foreach (var table in new[] { People(model, people), Records(records), Accounts(model, accounts) })
        {
            await sink.BulkWriteAsync(table, table.Rows(), _ => { }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SourceTable People(BankModel model, IEnumerable<Person> people) => Table("people", "person_id",
        ["person_id", "name", "gender", "birth_date", "id_no", "phone", "age_band", "education", "occupation", "monthly_income", "segment", "rural", "customer_since", "rate_sensitive"],
        () => people.Select(p => new object?[]
        {
            S(p.Id), p.CustomerName, S(p.Gender), S(p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), p.IdNumber, p.Phone,
            Person.AgeBand(p.AgeAt(model.Settings.AsOf)), Person.EducationName(p.Education), p.Occupation, S(p.MonthlyIncome),
            p.Segment.ToString().ToLowerInvariant(), S(p.Rural), p.CustomerSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), S(p.RateSensitive),
        }));

    private static SourceTable Records(IEnumerable<CustomerRecord> records) => Table("source_records", "system,record_key", ["system", "record_key", "person_id", "is_duplicate", "dirt"],
        () => records.Select(r => new object?[] { r.System.ToString().ToLowerInvariant(), r.Key, S(r.PersonId), S(r.IsDuplicate), string.Join(';', r.Dirt) }));

    private static SourceTable Accounts(BankModel model, IEnumerable<Account> accounts) => Table("accounts", "account_no",
        ["system", "account_no", "person_id", "product_code", "opened", "closed", "close_reason", "close_detail", "dirt"],
        () => accounts.Select(a => new object?[]
        {
            a.System.ToString().ToLowerInvariant(), a.Number, S(a.PersonId), a.Product.Code, S(a.Opened.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            a.Closed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), S(a.Reason), a.Detail, AccountDirtKinds(model, a),
        }));

    private static IEnumerable<SourceTable> Tables(BankModel model, double[] profit, IReadOnlyList<PlantedRule> rules)
    {
        yield return People(model, model.People);
        yield return Records(model.Records);
        yield return Accounts(model, model.Accounts);
        yield return Table("row_dirt", "table,key", ["table", "key", "dirt"], () => model.DirtLog.Entries.Select(e => new object?[] { e.Table, e.Key, e.Kind }));
        yield return Table("complaints", "person_id,date", ["person_id", "date", "category", "led_to_closure"],
            () => model.Complaints.Select(c => new object?[] { S(c.PersonId), c.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Category, S(c.LedToClosure) }));
        yield return Table("anomalies", "account_no", ["account_no", "person_id", "kind"],
            () => model.Anomalies.OrderBy(a => a.Key).Select(a => new object?[] { model.Accounts[(int)a.Key - 1].Number, S(model.Accounts[(int)a.Key - 1].PersonId), a.Value.ToString().ToLowerInvariant() }));
        yield return Table("profit", "person_id", ["person_id", "profit_cny", "rank"], () =>
        {
            var ranks = Enumerable.Range(0, profit.Length).OrderByDescending(i => profit[i]).Select((person, rank) => (person, rank)).ToDictionary(x => x.person, x => x.rank + 1);
            return Enumerable.Range(0, profit.Length).Select(i => new object?[] { S(i + 1), S(Math.Round(profit[i], 2)), S(ranks[i]) });
        });
        yield return Table("rules", "rule", ["rule", "antecedent", "consequent", "support", "confidence", "lift"],
            () => rules.Select(r => new object?[] { r.Name, r.Antecedent, r.Consequent, S(Math.Round(r.Support, 4)), S(Math.Round(r.Confidence, 4)), S(Math.Round(r.Lift, 3)) }));
    }

    private static string AccountDirtKinds(BankModel model, Account a)
    {
        var kinds = new List<string>();
        if (a.Orphan) kinds.Add("orphan_customer_key");
        if (AccountDirt.HasFutureOpenDate(model.Settings, a)) kinds.Add("future_open_date");
        if (AccountDirt.HasUnknownProduct(model.Settings, a)) kinds.Add("unknown_product_code");
        return string.Join(';', kinds);
    }

    private static object Summary(BankModel model, double[] profit, IReadOnlyList<PlantedRule> rules)
    {
        var (opened, closed) = PlantedFacts.OpeningsAndClosures(model);
        var months = model.Settings.Months;
        var lastYearOpened = opened.Skip(months - 12).Sum();
        var lastYearClosed = closed.Skip(months - 12).Sum();
        return new
        {
            seed = model.Settings.Seed,
            scale = model.Settings.Scale,
            history_start = model.Settings.HistoryStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            as_of = model.Settings.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            people = model.People.Count,
            source_customer_records = model.Records.Count,
            accounts = model.Accounts.Count,
            multi_system_share = Math.Round(PlantedFacts.MultiSystemShare(model), 4),
            top_20pct_profit_share = Math.Round(PlantedFacts.TopFifthProfitShare(profit), 4),
            last_year_accounts_opened = lastYearOpened,
            last_year_accounts_closed = lastYearClosed,
            last_year_loss_to_acquisition = lastYearOpened == 0 ? 0 : Math.Round((double)lastYearClosed / lastYearOpened, 3),
            opened_per_month = opened,
            closed_per_month = closed,
            competitor_promotion_month = model.Churn.CompetitorPromotionMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            reporting_threshold_cny = BankModel.ReportingThreshold,
            wealth_rule = rules[^1].Antecedent,
            row_dirt_entries = model.DirtLog.Count,
        };
    }
}
