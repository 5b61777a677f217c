using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Outliers;

namespace CrmWarehouse.Tests.Mining;

/// <summary>Threshold rules and robust z-scores for transaction alerts.</summary>
public sealed class OutlierTests
{
    private static readonly DateOnly Day1 = new(2026, 3, 2);

    private static IReadOnlyList<Alert> Detect(params Transaction[] transactions) =>
        new OutlierDetector(new OutlierRules()).Detect(transactions, CancellationToken.None);

    [Test]
    public void Robust_z_of_a_far_value_uses_median_and_mad()
    {
        var scores = RobustZ.Scores([1, 2, 3, 4, 100]);

        // median 3, MAD = median(2, 1, 0, 1, 97) = 1
        Assert.That(scores[4], Is.EqualTo(0.6745 * 97).Within(1e-9));
        Assert.That(scores[2], Is.Zero);
    }

    [Test]
    public void Robust_z_falls_back_to_mean_absolute_deviation_when_mad_is_zero()
    {
        var scores = RobustZ.Scores([5, 5, 5, 5, 25]);

        // mean absolute deviation = 20 / 5 = 4
        Assert.That(scores[4], Is.EqualTo(20 / (1.253314 * 4)).Within(1e-9));
    }

    [Test]
    public void Three_amounts_just_under_fifty_thousand_in_a_week_are_structuring()
    {
        var alerts = Detect(
            new("acct-1", Day1, 49_000), new("acct-1", Day1.AddDays(2), 48_500), new("acct-1", Day1.AddDays(5), 49_900),
            new("acct-2", Day1, 30_000), new("acct-2", Day1.AddDays(1), 30_000), new("acct-2", Day1.AddDays(2), 30_000));

        var structuring = alerts.Where(a => a.Rule == AlertRule.Structuring).ToArray();
        Assert.That(structuring.Select(a => (a.Account, a.Date)), Is.EqualTo(new[] { ("acct-1", Day1.AddDays(5)) }));
        Assert.That(structuring[0].Reason, Does.Contain("3 amounts in [45,000, 50,000) within 7 days"));
    }

    [Test]
    public void Just_under_amounts_spread_wider_than_the_window_are_not_structuring()
    {
        var alerts = Detect(new("acct-1", Day1, 49_000), new("acct-1", Day1.AddDays(7), 49_000), new("acct-1", Day1.AddDays(14), 49_000));

        Assert.That(alerts.Where(a => a.Rule == AlertRule.Structuring), Is.Empty);
    }

    [Test]
    public void A_long_structuring_run_raises_one_alert_not_one_per_deposit()
    {
        var alerts = Detect([.. Enumerable.Range(0, 6).Select(i => new Transaction("acct-1", Day1.AddDays(i), 47_000))]);

        Assert.That(alerts.Count(a => a.Rule == AlertRule.Structuring), Is.EqualTo(1));
    }

    [Test]
    public void Sub_threshold_amounts_adding_up_past_the_threshold_in_one_day_are_split_deposits()
    {
        var alerts = Detect(new("acct-1", Day1, 20_000), new("acct-1", Day1, 20_000), new("acct-1", Day1, 15_000));

        Assert.That(alerts.Select(a => a.Rule), Is.EqualTo(new[] { AlertRule.SplitDeposits }));
    }

    [Test]
    public void Twenty_transactions_in_a_day_trip_the_velocity_rule()
    {
        var alerts = Detect([.. Enumerable.Range(0, 20).Select(_ => new Transaction("acct-1", Day1, 10))]);

        Assert.That(alerts.Single().Rule, Is.EqualTo(AlertRule.Velocity));
    }

    [Test]
    public void A_day_far_above_the_accounts_usual_days_is_a_robust_z_alert()
    {
        var usual = Enumerable.Range(0, 10).Select(i => new Transaction("acct-1", Day1.AddDays(i), 100 + i * 10));
        var alerts = Detect([.. usual, new("acct-1", Day1.AddDays(20), 5_000)]);

        var alert = alerts.Single();
        Assert.That((alert.Rule, alert.Date), Is.EqualTo((AlertRule.RobustZ, Day1.AddDays(20))));
    }

    [Test]
    public void A_bad_amount_is_reported_with_file_line_and_column()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "bad_amount.csv");
        File.WriteAllText(path, "account,date,amount\nA,2026-03-02,100\nA,2026-03-03,12O0\n");

        var error = Assert.Throws<MiningInputException>(() => TransactionFile.Read(path, "account").ToList());

        Assert.That(error!.Message, Is.EqualTo($"{path}, line 3, column 'amount': '12O0' is not a number."));
    }

    [Test]
    public void A_bad_date_is_reported_with_file_line_and_column()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "bad_date.csv");
        File.WriteAllText(path, "account,date,amount\nA,2026-13-02,100\n");

        var error = Assert.Throws<MiningInputException>(() => TransactionFile.Read(path, "account").ToList());

        Assert.That(error!.Message, Does.StartWith($"{path}, line 2, column 'date': '2026-13-02' is not a date"));
    }

    [Test]
    public void An_unclosed_quote_is_reported_with_file_and_line()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "bad_quote.csv");
        File.WriteAllText(path, "account,date,amount\nA,2026-03-02,100\nB,\"2026-03-03,20\nC,2026-03-04,30\n");

        var error = Assert.Throws<MiningInputException>(() => TransactionFile.Read(path, "account").ToList());

        Assert.That(error!.Message, Does.StartWith($"{path}, line 3: a quote is not closed"));
    }

    [Test]
    public void Tab_and_semicolon_separated_files_read_like_comma_separated_ones()
    {
        var tabs = Path.Combine(TestContext.CurrentContext.WorkDirectory, "tabs.tsv");
        var semicolons = Path.Combine(TestContext.CurrentContext.WorkDirectory, "semicolons.csv");
        File.WriteAllText(tabs, "account\tdate\tamount\nA\t2026-03-02\t100.5\n");
        File.WriteAllText(semicolons, "\"account\";\"date\";\"amount\"\n\"A\";20260302;100.5\n");

        var expected = new[] { new Transaction("A", Day1, 100.5) };
        Assert.That(TransactionFile.Read(tabs, "account").ToList(), Is.EqualTo(expected));
        Assert.That(TransactionFile.Read(semicolons, "account").ToList(), Is.EqualTo(expected));
    }
}
