using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Tests.Generate;

public sealed class ActivityTests
{
    [Test]
    public void Month_ends_and_the_spring_festival_are_busier_than_ordinary_days()
    {
        var model = SmallBank.Model;
        var perDay = new TransactionStream(model).For(model.Accounts).Where(t => t.Dirt is null)
            .GroupBy(t => DateOnly.FromDateTime(t.Time)).ToDictionary(g => g.Key, g => g.Count());
        double Average(Func<DateOnly, bool> which) => perDay.Where(d => which(d.Key)).Average(d => d.Value);
        static bool MonthEnd(DateOnly d) => d.Day > DateTime.DaysInMonth(d.Year, d.Month) - 3;
        var festival = new DateOnly(2026, 2, 17);
        var ordinary = Average(d => !MonthEnd(d) && Calendar.DayWeight(d) == 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(Average(MonthEnd), Is.GreaterThan(ordinary * 1.4));
            Assert.That(Average(d => d.DayNumber - festival.DayNumber is >= -14 and <= 3 && !MonthEnd(d)), Is.GreaterThan(ordinary * 1.6));
        });
    }

    [Test]
    public void Repeated_rows_copy_a_transaction_under_a_new_id()
    {
        var model = SmallBank.Model;
        var all = new TransactionStream(model).For(model.Accounts).ToList();
        var repeats = all.Where(t => t.Dirt == "repeated_row").ToList();
        Assert.That((double)repeats.Count / all.Count, Is.EqualTo(model.Settings.Dirt.RepeatedTransaction).Within(0.001));
        var byId = all.ToDictionary(t => t.Id);
        foreach (var repeat in repeats)
        {
            var original = byId[repeat.Id - 50_000];
            Assert.That((original.AccountNumber, original.Time, original.Amount), Is.EqualTo((repeat.AccountNumber, repeat.Time, repeat.Amount)));
        }
    }

    [Test]
    public async Task Generate_command_writes_an_embedded_bank()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.005", "--seed", "9", "--out", outDir]), Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(outDir, SourceWriter.CoreFile)));
        Assert.That(File.Exists(Path.Combine(outDir, GeneratorState.FileName)));
        Assert.That(await CrmwCli.RunAsync(["generate", "--advance", "1d", "--out", outDir]), Is.EqualTo(0));
        Assert.That(await CrmwCli.RunAsync(["generate", "--targets", "oracle", "--out", outDir]), Is.EqualTo(1));
        Directory.Delete(outDir, recursive: true);
    }
}
