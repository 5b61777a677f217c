using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Tests.Generate;

public sealed class BankModelTests
{
    [Test]
    public void Same_seed_gives_identical_data_and_another_seed_does_not()
    {
        string Fingerprint(int seed)
        {
            var model = BankModel.Build(SmallBank.Settings(0.005, seed));
            var tables = new[] { SourceSystem.Core, SourceSystem.Cards, SourceSystem.Wealth, SourceSystem.Legacy }.SelectMany(s => SourceWriter.TablesOf(s, model));
            return string.Join('\n', tables.SelectMany(t => t.Rows().Select(r => t.Name + ":" + string.Join('|', r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))));
        }
        var first = Fingerprint(11);
        Assert.That(first, Has.Length.GreaterThan(100_000));
        Assert.That(Fingerprint(11), Is.EqualTo(first));
        Assert.That(Fingerprint(12), Is.Not.EqualTo(first));
    }

    [Test]
    public void Age_bands_follow_the_surveyed_customer_base()
    {
        var model = SmallBank.Model;
        var bands = model.People.GroupBy(p => Person.AgeBand(p.AgeAt(model.Settings.AsOf))).ToDictionary(g => g.Key, g => (double)g.Count() / model.People.Count);
        Assert.Multiple(() =>
        {
            Assert.That(bands["18岁及以下"], Is.EqualTo(0.120).Within(0.02));
            Assert.That(bands["19-29岁"], Is.EqualTo(0.165).Within(0.02));
            Assert.That(bands["30-39岁"], Is.EqualTo(0.180).Within(0.02));
            Assert.That(bands["40-59岁"], Is.EqualTo(0.435).Within(0.025));
            Assert.That(bands["60岁及以上"], Is.EqualTo(0.100).Within(0.02));
        });
    }

    [Test]
    public void Education_follows_the_surveyed_customer_base()
    {
        var people = SmallBank.Model.People;
        double Share(Education e) => (double)people.Count(p => p.Education == e) / people.Count;
        Assert.Multiple(() =>
        {
            Assert.That(Share(Education.HighSchoolOrBelow), Is.EqualTo(0.130).Within(0.02));
            Assert.That(Share(Education.JuniorCollege), Is.EqualTo(0.185).Within(0.02));
            Assert.That(Share(Education.Bachelor), Is.EqualTo(0.530).Within(0.025));
            Assert.That(Share(Education.MasterOrAbove), Is.EqualTo(0.155).Within(0.02));
        });
    }

    [Test]
    public void Channel_mix_drifts_toward_mobile_as_configured()
    {
        var model = SmallBank.Model;
        var last = model.Settings.Months - 1;
        var counts = new Dictionary<(int Month, string Channel), int>();
        foreach (var t in new TransactionStream(model).For(model.Accounts).Where(t => t.Dirt is null && (t.MonthIndex == 0 || t.MonthIndex == last)))
        {
            counts[(t.MonthIndex, t.ChannelCode)] = counts.GetValueOrDefault((t.MonthIndex, t.ChannelCode)) + 1;
        }
        double Share(int month, string channel) => (double)counts.GetValueOrDefault((month, channel)) / counts.Where(c => c.Key.Month == month).Sum(c => c.Value);
        Assert.Multiple(() =>
        {
            foreach (var channel in Channels.All)
            {
                Assert.That(Share(0, channel.Code), Is.EqualTo(channel.StartShare).Within(0.04), $"{channel.Code} in the first month");
                Assert.That(Share(last, channel.Code), Is.EqualTo(channel.EndShare).Within(0.04), $"{channel.Code} in the last month");
            }
            Assert.That(Share(last, "MOB"), Is.GreaterThan(Share(0, "MOB") + 0.08));
        });
    }

    [Test]
    public void Bank_loses_about_1_26_accounts_for_each_one_opened_in_the_last_year()
    {
        var model = SmallBank.Model;
        var (opened, closed) = PlantedFacts.OpeningsAndClosures(model);
        var ratio = (double)closed[^12..].Sum() / opened[^12..].Sum();
        Assert.That(ratio, Is.EqualTo(1.26).Within(0.08));
        Assert.That(closed[^12..].Distinct().Count(), Is.GreaterThan(6), "closures vary month by month");
        Assert.That(model.Accounts.Where(a => a.Closed is not null).Select(a => a.Reason).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public void Service_failure_closures_follow_a_complaint_by_the_same_person()
    {
        var model = SmallBank.Model;
        var complaints = model.Complaints.Where(c => c.LedToClosure).ToLookup(c => c.PersonId);
        foreach (var account in model.Accounts.Where(a => a.Reason == Bank.Generate.CloseReason.ServiceFailure))
        {
            Assert.That(complaints[account.PersonId].Any(c => c.Date < account.Closed), $"account {account.Id}");
        }
    }
}
