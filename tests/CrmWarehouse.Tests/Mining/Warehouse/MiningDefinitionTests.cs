using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Outliers;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Mining.Warehouse;

/// <summary>The warehouse definitions against hand computations and against the file-based algorithms they mirror.</summary>
public sealed class MiningDefinitionTests
{
    [Test]
    public void Auc_and_precision_at_top_match_a_hand_count()
    {
        // positives 0.35 and 0.8 against negatives 0.1 and 0.4: of the 4 pairs, 3 are ranked right
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        bool[] labels = [false, false, true, true];
        Assert.That(RankingQuality.Auc(scores, labels), Is.EqualTo(0.75).Within(1e-12));
        Assert.That(RankingQuality.Auc([0.5, 0.5], [true, false]), Is.EqualTo(0.5), "a tie counts one half");
        Assert.That(RankingQuality.PrecisionAtTop(scores, labels, 0.5), Is.EqualTo(0.5), "top 2 = 0.8 (churned) and 0.4 (stayed)");
    }

    [Test]
    public void Logistic_model_learns_the_direction_of_a_separating_feature()
    {
        var rows = Enumerable.Range(0, 200).Select(i => new[] { i % 10 / 10.0, (i * 7 % 13) / 13.0 }).ToArray();
        var labels = rows.Select(r => r[0] + 0.1 * r[1] > 0.6).ToArray();
        var model = LogisticModel.Fit(rows, labels, CancellationToken.None);
        Assert.That(model.Weights[1], Is.GreaterThan(1), "the first feature drives the label");
        Assert.That(model.Probability([0.9, 0.5]), Is.GreaterThan(0.9));
        Assert.That(model.Probability([0.1, 0.5]), Is.LessThan(0.1));
        Assert.Throws<ArgumentException>(() => LogisticModel.Fit(rows, new bool[rows.Length], CancellationToken.None));
    }

    [Test]
    public void Outlier_sql_raises_the_same_alerts_as_the_detector_on_the_sample_file()
    {
        var file = Path.Combine(TestContext.CurrentContext.TestDirectory, "Mining", "data", "transactions_sample.csv");
        var expected = new OutlierDetector(new OutlierRules()).Detect(TransactionFile.Read(file, party: "account", partyDefault: "account"), CancellationToken.None)
            .Select(a => $"{a.Account} {a.Date:yyyy-MM-dd} {Rule(a.Rule)}").Order().ToList();

        using var database = new TempDatabase();
        using var connection = database.Open();
        connection.Exec($"CREATE TEMP TABLE m_outlier_txn AS SELECT account, date::DATE AS day, amount::DOUBLE AS amount, row_number() OVER () AS seq FROM read_csv('{file}')");
        new MiningSql(connection, new DateOnly(2026, 12, 31), new MiningOptions()).Run("outliers", CancellationToken.None);
        var found = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT account || ' ' || strftime(day, '%Y-%m-%d') || ' ' || rule FROM m_alert";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(reader.GetString(0));
            }
        }

        Assert.That(expected, Is.Not.Empty);
        Assert.That(found.Order().ToList(), Is.EqualTo(expected));
    }

    [Test]
    public void Profile_group_names_an_attribute_that_exists()
    {
        Assert.That(ProfileGroup.Parse("education=本科"), Is.EqualTo(new ProfileGroup("education", "本科")));
        var error = Assert.Throws<ArgumentException>(() => ProfileGroup.Parse("password=1"));
        Assert.That(error!.Message, Does.Contain("'password' is not a profiled attribute"));
        Assert.Throws<ArgumentException>(() => ProfileGroup.Parse("value_tier"));
    }

    [Test]
    public void Risk_bands_are_the_top_tenth_and_the_next_fifth()
    {
        var bands = Enumerable.Range(0, 20).Select(rank => MiningStage.RiskBand(rank, 20)).ToArray();
        Assert.That(bands.Count(b => b == "high"), Is.EqualTo(2));
        Assert.That(bands.Count(b => b == "medium"), Is.EqualTo(4));
        Assert.That(bands[..2], Is.All.EqualTo("high"));
    }

    private static string Rule(AlertRule rule) => rule switch
    {
        AlertRule.Structuring => "structuring",
        AlertRule.SplitDeposits => "split_deposits",
        AlertRule.DailyAmount => "daily_amount",
        AlertRule.Velocity => "velocity",
        _ => "robust_z",
    };
}
