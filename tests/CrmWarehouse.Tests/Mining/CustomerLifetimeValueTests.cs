using CrmWarehouse.Mining.Clv;
using CrmWarehouse.Mining.Input;

namespace CrmWarehouse.Tests.Mining;

/// <summary>BG/NBD and Gamma-Gamma on the CDNOW sample against Fader, Hardie and Lee (2005) and lifetimes.</summary>
public sealed class CustomerLifetimeValueTests
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    private static IReadOnlyList<CustomerHistory>? _cdnow;

    private static (BgNbdModel Model, double LogLikelihood)? _fit;

    private static IReadOnlyList<CustomerHistory> Cdnow =>
        _cdnow ??= CustomerHistory.Summarise(TransactionFile.Read(BenchmarkDatasets.File("cdnow/CDNOW_sample.txt")), CalibrationEnd);

    private static (BgNbdModel Model, double LogLikelihood) Fit => _fit ??= BgNbdModel.Fit(Cdnow, CancellationToken.None);

    [Test]
    public void Calibration_summary_of_the_cdnow_sample_matches_the_published_counts()
    {
        Assert.That(Cdnow, Has.Count.EqualTo(2357));
        Assert.That(Cdnow.Sum(c => c.Frequency), Is.EqualTo(2457));
        Assert.That(Cdnow.Count(c => c.Frequency > 0), Is.EqualTo(946));
        var first = Cdnow.Single(c => c.Customer == "0001");
        Assert.That((first.Frequency, first.Recency, first.Age, first.MeanRepeatValue),
            Is.EqualTo((2, 30.43, 38.86, 22.35)).Using<(int, double, double, double)>((x, y) =>
                x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 0.006 && Math.Abs(x.Item3 - y.Item3) < 0.006 && Math.Abs(x.Item4 - y.Item4) < 0.006));
    }

    [Test]
    public void Bg_nbd_fit_reproduces_fader_hardie_lee_parameters_within_one_percent()
    {
        var (model, ll) = Fit;

        Assert.That(model.R, Is.EqualTo(0.243).Within(1).Percent);
        Assert.That(model.Alpha, Is.EqualTo(4.414).Within(1).Percent);
        Assert.That(model.A, Is.EqualTo(0.793).Within(1).Percent);
        Assert.That(model.B, Is.EqualTo(2.426).Within(1).Percent);
        Assert.That(ll, Is.EqualTo(-9582.43).Within(0.05));
    }

    [Test]
    public void Bg_nbd_predictions_match_hardies_spreadsheet_values_asserted_by_lifetimes()
    {
        var model = Fit.Model;

        Assert.That(model.ExpectedPurchases(39, 2, 30.43, 38.86), Is.EqualTo(1.226).Within(0.001));
        var times = new[] { 0.1429, 1, 3, 31.8571, 32, 78 };
        var expected = new[] { 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 };
        // lifetimes asserts these to 3 decimals on its own fit of the same data.
        Assert.That(times.Select(model.ExpectedPurchases).ToArray(), Is.EqualTo(expected).Within(0.0005));
    }

    [Test]
    public void Probability_alive_is_one_without_repeats_and_falls_with_a_long_silence()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

        Assert.That(model.ProbabilityAlive(0, 0, 38), Is.EqualTo(1.0));
        Assert.That(model.ProbabilityAlive(5, 35, 38), Is.GreaterThan(model.ProbabilityAlive(5, 5, 38)));
    }

    [Test]
    public void Gamma_gamma_fit_reproduces_the_published_spend_parameters()
    {
        var (model, _) = GammaGammaModel.Fit(Cdnow, CancellationToken.None);

        Assert.That(model.P, Is.EqualTo(6.25).Within(0.01));
        Assert.That(model.Q, Is.EqualTo(3.74).Within(0.01));
        Assert.That(model.V, Is.EqualTo(15.44).Within(0.02));
    }

    [Test]
    public void Lifetime_value_grows_with_the_horizon_and_shrinks_with_the_discount_rate()
    {
        var purchases = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        var spend = new GammaGammaModel(6.25, 3.74, 15.44);
        var customer = new CustomerHistory("c", 4, 30, 38, 40);

        var year = new LifetimeValue(purchases, spend, 12, 0.01).For(customer);
        Assert.That(new LifetimeValue(purchases, spend, 24, 0.01).For(customer), Is.GreaterThan(year));
        Assert.That(new LifetimeValue(purchases, spend, 12, 0.05).For(customer), Is.LessThan(year));
        Assert.That(year, Is.GreaterThan(0));
    }
}
