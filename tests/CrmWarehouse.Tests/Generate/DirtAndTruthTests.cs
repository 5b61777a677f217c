using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Tests.Generate;

public sealed class DirtAndTruthTests
{
    private static BankModel Model => SmallBank.Model;

    private static double Share(string dirt) => (double)Model.Records.Count(r => r.Dirt.Contains(dirt)) / Model.Records.Count;

    [Test]
    public void Dirt_appears_at_the_configured_rates()
    {
        var rates = Model.Settings.Dirt;
        Assert.Multiple(() =>
        {
            Assert.That(Share("missing_phone"), Is.EqualTo(rates.MissingPhone).Within(0.015));
            Assert.That(Share("missing_birth_date"), Is.EqualTo(rates.MissingBirthDate).Within(0.015));
            Assert.That(Share("invalid_id_check_digit"), Is.EqualTo(rates.InvalidIdCheckDigit).Within(0.006));
            Assert.That(Share("duplicate_in_system"), Is.EqualTo(rates.DuplicateInSystem).Within(0.01));
            Assert.That(Share("swapped_name_order"), Is.EqualTo(rates.SwappedNameOrder).Within(0.006));
            Assert.That(Share("stray_whitespace") + Share("full_width_characters"), Is.EqualTo(rates.FullWidthOrWhitespace).Within(0.008));
            Assert.That((double)Model.Accounts.Count(a => a.Orphan) / Model.Accounts.Count, Is.EqualTo(rates.OrphanForeignKey).Within(0.004));
        });
    }

    [Test]
    public void About_thirty_percent_of_people_are_in_two_or_more_systems()
    {
        Assert.That(PlantedFacts.MultiSystemShare(Model), Is.EqualTo(0.30).Within(0.06));
        Assert.That((double)Model.Records.Count / Model.People.Count, Is.EqualTo(1.35).Within(0.12), "~130k records per 100k people");
    }

    [Test]
    public void Invalid_check_digits_are_exactly_the_ones_the_ground_truth_lists()
    {
        foreach (var record in Model.Records.Where(r => r.IdNumber is { Length: 18 } id && id.All(c => c < 128)))
        {
            Assert.That(ResidentId.IsValid(record.IdNumber!), Is.EqualTo(!record.Dirt.Contains("invalid_id_check_digit")), record.Key);
        }
    }

    [Test]
    public void Every_clean_source_record_carries_its_true_persons_identity()
    {
        foreach (var record in Model.Records.Where(r => r.Dirt.Count == 0))
        {
            var person = Model.People[record.PersonId - 1];
            Assert.That((record.IdNumber, record.Phone, record.BirthDate, record.Name), Is.EqualTo((person.IdNumber, person.Phone, (DateOnly?)person.BirthDate, person.CustomerName)), record.Key);
        }
    }

    [Test]
    public void Check_digit_follows_gb_11643()
    {
        // The standard's worked example: 11010519491231002X.
        Assert.That(ResidentId.CheckDigit("11010519491231002"), Is.EqualTo('X'));
        Assert.That(ResidentId.IsValid("11010519491231002X"), Is.True);
        Assert.That(ResidentId.ToLegacy("11010519491231002X"), Is.EqualTo("110105491231002"));
    }

    [Test]
    public void Top_fifth_of_customers_earns_roughly_four_fifths_of_profit()
    {
        Assert.That(PlantedFacts.TopFifthProfitShare(PlantedFacts.ProfitPerPerson(Model)), Is.InRange(0.72, 0.88));
    }

    [Test]
    public void Planted_cross_sell_and_wealth_rules_hold_in_the_data()
    {
        var rules = PlantedFacts.Rules(Model).ToDictionary(r => r.Name);
        Assert.Multiple(() =>
        {
            Assert.That(rules["payroll→credit_card"].Confidence, Is.EqualTo(0.6).Within(0.07));
            Assert.That(rules["payroll→credit_card"].Lift, Is.GreaterThan(2));
            Assert.That(rules["mortgage→insurance"].Lift, Is.GreaterThan(3));
            Assert.That(rules.Values.Last().Confidence, Is.GreaterThan(0.7), "wealth uptake rule");
        });
    }

    [Test]
    public void Structuring_accounts_deposit_just_under_the_reporting_threshold()
    {
        var structuring = Model.Anomalies.Where(a => a.Value == AnomalyKind.Structuring).Select(a => Model.Accounts[(int)a.Key - 1]).ToList();
        Assert.That(structuring, Has.Count.GreaterThanOrEqualTo(6));
        var stream = new Bank.Generate.TransactionStream(Model);
        foreach (var account in structuring)
        {
            var nearThreshold = stream.For([account]).Count(t => t.Amount is >= 45_000m and < BankModel.ReportingThreshold && t.ChannelCode == "CTR");
            Assert.That(nearThreshold, Is.GreaterThanOrEqualTo(20), account.Number);
        }
    }

    [Test]
    public void Organisation_has_eleven_regions_and_mostly_rural_outlets()
    {
        var org = Model.Organisation;
        Assert.That(org.Regions, Has.Count.EqualTo(11));
        Assert.That(org.Outlets, Has.Count.EqualTo(200));
        Assert.That(org.Outlets.Count(o => o.IsRural), Is.EqualTo(128));
        Assert.That(org.Atms, Has.Count.EqualTo(150));
        Assert.That(ProductCatalogue.All, Has.Count.InRange(38, 42));
        Assert.That(Channels.All, Has.Count.EqualTo(7));
    }
}
