using CrmWarehouse.Cli.Commands;

namespace CrmWarehouse.Tests.Mining;

/// <summary>The `crmw mine` commands end to end: the closing name=value line and the exit code on bad input.</summary>
[NonParallelizable]
public sealed class MineCommandTests
{
    private static async Task<(int ExitCode, string LastLine, string Errors)> Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var code = await CrmwCli.RunAsync(args);
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (code, lines.Length > 0 ? lines[^1] : string.Empty, errors.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private static Dictionary<string, string> Pairs(string line) =>
        line.Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Test]
    public async Task Clv_on_the_cdnow_sample_ends_with_the_published_parameters()
    {
        var (code, line, _) = await Run("mine", "clv", "--input", BenchmarkDatasets.File("cdnow/CDNOW_sample.txt"));

        Assert.That(code, Is.Zero);
        var pairs = Pairs(line);
        Assert.That(pairs.Keys, Is.SupersetOf(new[] { "r", "alpha", "a", "b", "ll", "p", "q", "v" }));
        Assert.That(double.Parse(pairs["r"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.243).Within(1).Percent);
        Assert.That(pairs["ll"], Is.EqualTo("-9582.43"));
        Assert.That(pairs["p"], Does.StartWith("6.2"));
    }

    [Test]
    public async Task Rules_on_groceries_end_with_410_rules_and_top_lift_11_24()
    {
        var (code, line, _) = await Run("mine", "rules", "--input", BenchmarkDatasets.File("groceries/groceries.csv"), "--support", "0.001", "--confidence", "0.8");

        Assert.That(code, Is.Zero);
        Assert.That(line, Does.StartWith("rules=410 top_lift=11.24 "));
    }

    [Test]
    public async Task Tree_on_play_tennis_ends_with_quinlans_root_gains()
    {
        var (code, line, _) = await Run("mine", "tree", "--input", MiningTestData.File("play_tennis.csv"), "--target", "PlayTennis");

        Assert.That(code, Is.Zero);
        Assert.That(line, Does.StartWith("gain_outlook=0.2467 gain_humidity=0.1518 gain_wind=0.0481 gain_temperature=0.0292 "));
    }

    [Test]
    public async Task Outliers_on_the_sample_find_the_planted_structuring_and_velocity()
    {
        var (code, line, _) = await Run("mine", "outliers", "--input", MiningTestData.File("transactions_sample.csv"));

        Assert.That(code, Is.Zero);
        Assert.That(Pairs(line)["structuring"], Is.EqualTo("3"));
        Assert.That(Pairs(line)["velocity"], Is.EqualTo("1"));
    }

    [Test]
    public async Task Segments_with_a_fixed_k_report_that_many_sizes()
    {
        var (code, line, _) = await Run("mine", "segments", "--input", BenchmarkDatasets.File("bank-marketing/bank.csv"), "--columns", "age,balance,campaign", "--k", "3");

        Assert.That(code, Is.Zero);
        Assert.That(Pairs(line)["k"], Is.EqualTo("3"));
        Assert.That(Pairs(line)["sizes"].Split('/').Sum(int.Parse), Is.EqualTo(4521));
    }

    [Test]
    public async Task Rfm_counts_every_customer_once()
    {
        var (code, line, _) = await Run("mine", "rfm", "--input", MiningTestData.File("transactions_sample.csv"), "--customer", "account");

        Assert.That(code, Is.Zero);
        var pairs = Pairs(line);
        Assert.That(pairs.Where(p => p.Key != "customers").Sum(p => int.Parse(p.Value)), Is.EqualTo(int.Parse(pairs["customers"])));
    }

    [Test]
    public async Task A_non_numeric_feature_fails_with_exit_code_1_naming_file_line_and_column()
    {
        var (code, _, errors) = await Run("mine", "segments", "--input", BenchmarkDatasets.File("bank-marketing/bank.csv"), "--columns", "age,job", "--k", "2");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("bank.csv, line 2, column 'job': 'unemployed' is not a number."));
    }

    [Test]
    public async Task A_missing_file_fails_with_exit_code_1()
    {
        var (code, _, errors) = await Run("mine", "rules", "--input", "no/such/baskets.csv");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("no/such/baskets.csv: file not found."));
    }

    [Test]
    public async Task An_unknown_target_column_lists_the_columns_there_are()
    {
        var (code, _, errors) = await Run("mine", "tree", "--input", MiningTestData.File("play_tennis.csv"), "--target", "Play");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("no column 'Play'; the columns are Outlook, Temperature, Humidity, Wind, PlayTennis."));
    }
}
