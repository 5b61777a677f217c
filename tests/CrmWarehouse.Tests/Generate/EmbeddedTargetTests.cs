using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Bank.LocalServers;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CrmWarehouse.Tests.Generate;

/// <summary>The demo's path: <c>crmw generate --embedded</c>, then <c>--advance 1d</c>, into a throw-away folder.</summary>
public sealed class EmbeddedTargetTests
{
    private GeneratorSettings _settings = null!;
    private BankModel _model = null!;

    private string Out => _settings.OutDir;

    [OneTimeSetUp]
    public async Task Generate()
    {
        _settings = SmallBank.Settings(0.01, seed: 3);
        _model = await BankGenerator.RunAsync(_settings, Targets.Parse("", embedded: true), new LocalServerSettings(), _ => { }, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(Out, recursive: true);

    private SqliteConnection Open(string file) => new($"Data Source={Path.Combine(Out, file)};Mode=ReadOnly;Pooling=false");

    [Test]
    public void Every_generated_row_is_in_the_embedded_sources()
    {
        using var core = Open(SourceWriter.CoreFile);
        using var cards = Open(SourceWriter.CardsFile);
        using var wealth = Open(SourceWriter.WealthFile);
        Assert.Multiple(() =>
        {
            Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM customers"), Is.EqualTo(_model.Records.Count(r => r.System == SourceSystem.Core)));
            Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM accounts"), Is.EqualTo(_model.Accounts.Count(a => a.System == SourceSystem.Core)));
            Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM transactions"), Is.GreaterThan(10_000));
            Assert.That(cards.ExecuteScalar<int>("SELECT count(*) FROM cardholders"), Is.EqualTo(_model.Records.Count(r => r.System == SourceSystem.Cards)));
            Assert.That(wealth.ExecuteScalar<int>("SELECT count(*) FROM clients"), Is.EqualTo(_model.Records.Count(r => r.System == SourceSystem.Wealth)));
            Assert.That(wealth.ExecuteScalar<int>("SELECT count(*) FROM complaints"), Is.EqualTo(_model.Complaints.Count));
        });
    }

    [Test]
    public void Each_system_keeps_its_own_conventions()
    {
        using var core = Open(SourceWriter.CoreFile);
        using var cards = Open(SourceWriter.CardsFile);
        using var wealth = Open(SourceWriter.WealthFile);
        var corePhones = core.Query<string>("SELECT phone FROM customers WHERE phone IS NOT NULL").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(core.Query<string>("SELECT DISTINCT gender FROM customers"), Is.SubsetOf(new[] { "M", "F", "U" }));
            Assert.That(corePhones.Count(p => Regex.IsMatch(p, @"^\+86 1\d{2}-\d{4}-\d{4}$")), Is.GreaterThan(corePhones.Count * 0.95));
            Assert.That(cards.Query<string>("SELECT DISTINCT gender FROM cardholders"), Is.SubsetOf(new[] { "1", "2", "9" }));
            Assert.That(cards.Query<string>("SELECT birth_ymd FROM cardholders WHERE birth_ymd IS NOT NULL"), Has.All.Match(@"^\d{8}$"));
            Assert.That(cards.ExecuteScalar<string>("SELECT typeof(amount_fen) FROM card_transactions LIMIT 1"), Is.EqualTo("integer"));
            Assert.That(wealth.Query<string>("SELECT DISTINCT gender FROM clients"), Is.SubsetOf(new[] { "男", "女", "未知" }));
            Assert.That(wealth.Query<string>("SELECT id_no FROM clients WHERE length(id_no) = 15"), Is.Not.Empty, "some 15-digit legacy IDs");
        });
    }

    [Test]
    public void Legacy_export_is_gb18030_with_mixed_date_formats()
    {
        var path = Path.Combine(Out, SourceWriter.ReferenceFolder, "legacy_deposits.csv");
        var bytes = File.ReadAllBytes(path);
        Assert.That(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), Throws.InstanceOf<DecoderFallbackException>());
        var lines = SourceWriter.Gb18030.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("账号,客户号,户名"));
        var dates = lines.Skip(1).Select(l => l.Split(',')[5]).ToList();
        var formats = new[] { @"^\d{4}-\d{2}-\d{2}$", @"^\d{4}/\d{1,2}/\d{1,2}$", @"^\d{8}$", @"^\d{4}年\d{1,2}月\d{1,2}日$", @"^\d{2}/\d{2}/\d{4}$" };
        Assert.That(formats.Count(f => dates.Any(d => Regex.IsMatch(d, f))), Is.EqualTo(5));
    }

    [Test]
    public void Ground_truth_names_the_true_person_of_every_source_record()
    {
        var truth = File.ReadAllLines(Path.Combine(Out, GroundTruthWriter.Folder, "source_records.csv")).Skip(1).ToList();
        var people = File.ReadAllLines(Path.Combine(Out, GroundTruthWriter.Folder, "people.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();
        Assert.That(truth, Has.Count.EqualTo(_model.Records.Count));
        Assert.That(truth.Select(l => l.Split(',')[2]).Distinct(), Is.SubsetOf(people));
        using var core = Open(SourceWriter.CoreFile);
        var coreKeys = core.Query<string>("SELECT cust_no FROM customers").ToHashSet();
        Assert.That(truth.Where(l => l.StartsWith("core,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]), Is.EquivalentTo(coreKeys));
    }

    [Test]
    public async Task Advance_adds_a_valid_next_day()
    {
        // Its own bank: advancing changes the sources the other tests read.
        var settings = SmallBank.Settings(0.02, seed: 4);
        var model = await BankGenerator.RunAsync(settings, Targets.Parse("", embedded: true), new LocalServerSettings(), _ => { }, CancellationToken.None);
        var outDir = settings.OutDir;
        SqliteConnection Core() => new($"Data Source={Path.Combine(outDir, SourceWriter.CoreFile)};Mode=ReadOnly;Pooling=false");
        string Snapshot()
        {
            using var core = Core();
            return string.Join('|', core.Query<string>("SELECT cust_no || coalesce(phone,'') || coalesce(address,'') || updated_at FROM customers ORDER BY cust_no"));
        }
        var day = settings.AsOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var before = Snapshot();
        await DayAdvancer.RunAsync(outDir, 1, new LocalServerSettings(), _ => { }, CancellationToken.None);
        var state = await GeneratorState.LoadAsync(outDir, CancellationToken.None);
        Assert.That(state.CurrentDay, Is.EqualTo(settings.AsOf.AddDays(1)));
        using (var core = Core())
        {
            Assert.Multiple(() =>
            {
                Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM transactions WHERE txn_time LIKE @d", new { d = day + "%" }), Is.GreaterThan(0), "new transactions");
                Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM customers WHERE updated_at LIKE @d", new { d = day + "%" }), Is.GreaterThan(0), "changed or new customers");
                Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM transactions WHERE txn_time > @d", new { d = day + " 23:59:59" }), Is.EqualTo(
                    model.DirtLog.Entries.Count(e => e.Table == "core.transactions" && e.Kind == "future_date")), "nothing after the new day except planted future dates");
                Assert.That(Snapshot(), Is.Not.EqualTo(before));
                using var crm = new SqliteConnection($"Data Source={Path.Combine(outDir, SourceWriter.WealthFile)};Mode=ReadOnly;Pooling=false");
                Assert.That(crm.ExecuteScalar<int>("SELECT count(*) FROM contacts WHERE contact_time LIKE @d", new { d = day + "%" }), Is.GreaterThan(0), "the day's CRM contacts");
            });
        }
        // A second advance replays the first day and adds the next one without disturbing what exists.
        var afterFirst = Snapshot();
        await DayAdvancer.RunAsync(outDir, 1, new LocalServerSettings(), _ => { }, CancellationToken.None);
        Assert.That((await GeneratorState.LoadAsync(outDir, CancellationToken.None)).CurrentDay, Is.EqualTo(settings.AsOf.AddDays(2)));
        var firstDayRows = afterFirst.Split('|').Where(r => r.Contains(day, StringComparison.Ordinal)).ToList();
        Assert.That(firstDayRows, Is.Not.Empty);
        Assert.That(Snapshot().Split('|').Intersect(firstDayRows).Count(), Is.GreaterThan(firstDayRows.Count / 2));
        using (var core = Core())
        {
            var truth = File.ReadAllLines(Path.Combine(outDir, GroundTruthWriter.Folder, "source_records.csv"))
                .Where(l => l.StartsWith("core,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]);
            Assert.That(truth, Is.EquivalentTo(core.Query<string>("SELECT cust_no FROM customers")), "ground truth covers the customers the advance added");
        }
        Directory.Delete(outDir, recursive: true);
    }

    [Test]
    public async Task Advancing_onto_a_month_end_adds_that_months_balances()
    {
        var settings = SmallBank.Settings(0.005, seed: 8);
        settings.AsOf = new DateOnly(2026, 5, 30);
        await BankGenerator.RunAsync(settings, Targets.Parse("", embedded: true), new LocalServerSettings(), _ => { }, CancellationToken.None);
        using (var before = new SqliteConnection($"Data Source={Path.Combine(settings.OutDir, SourceWriter.CoreFile)};Pooling=false"))
        {
            Assert.That(before.ExecuteScalar<int>("SELECT count(*) FROM balances WHERE month_end = '2026-05-31'"), Is.Zero, "history ends before the month does");
        }
        await DayAdvancer.RunAsync(settings.OutDir, 1, new LocalServerSettings(), _ => { }, CancellationToken.None);
        using var core = new SqliteConnection($"Data Source={Path.Combine(settings.OutDir, SourceWriter.CoreFile)};Pooling=false");
        Assert.That(core.ExecuteScalar<int>("SELECT count(*) FROM balances WHERE month_end = '2026-05-31'"),
            Is.EqualTo(core.ExecuteScalar<int>("SELECT count(*) FROM balances WHERE month_end = '2026-04-30'")).Within(5).Percent);
        Directory.Delete(settings.OutDir, recursive: true);
    }
}
