using CrmWarehouse.Etl.Match.Eval;
using System.Globalization;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>Prints an evaluation: blocking, the fitted model per comparison level, timings and quality, then one summary line.</summary>
internal static class MatchEvalReport
{
    public static void Print(MatchEvaluation.Outcome outcome, IAnsiConsole console)
    {
        var match = outcome.Match;
        console.MarkupLine($"[bold]{Markup.Escape(outcome.Dataset)}[/]: {match.Records:N0} records");

        var blocking = new Table().Border(TableBorder.Rounded).Title("blocking")
            .AddColumn("#").AddColumn("rule").AddColumn(new TableColumn("new candidate pairs").RightAligned());
        for (var i = 0; i < match.Settings.BlockingRules.Count; i++)
        {
            blocking.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(match.Settings.BlockingRules[i]), N(match.CandidatesPerRule[i]));
        }

        blocking.AddRow("", "[bold]all candidate pairs[/]", N(match.Candidates));
        blocking.AddRow("", "true pairs among them (blocking recall)", $"{N(outcome.Quality.TrueCandidates)} ({outcome.Quality.BlockingRecall:P2})");
        console.Write(blocking);

        var refitU = match.Settings.EstimateUByEm;
        var model = new Table().Border(TableBorder.Rounded)
            .Title($"model: λ = {match.CandidateLambda:0.####} among candidates → prior {match.Model.Lambda:0.######} over {match.ComparablePairs:N0} pairs, EM {match.EmIterations} iterations{(match.EmConverged ? "" : " (not converged)")}, u from {match.RandomPairs:N0} random pairs{(refitU ? ", then by EM" : "")}")
            .AddColumn("comparison").AddColumn("level").AddColumn(new TableColumn("m").RightAligned()).AddColumn(new TableColumn("u (random pairs)").RightAligned());
        if (refitU)
        {
            model.AddColumn(new TableColumn("u (EM)").RightAligned());
        }

        model.AddColumn(new TableColumn("log2 m/u").RightAligned());
        for (var k = 0; k < match.Model.Comparisons.Count; k++)
        {
            var comparison = match.Model.Comparisons[k];
            for (var g = comparison.LevelCount - 1; g >= 0; g--)
            {
                var cells = new List<string>
                {
                    g == comparison.LevelCount - 1 ? comparison.Name : "", Markup.Escape(comparison.Label(g)), P(match.Model.M[k][g]), P(match.RandomU[k][g]),
                };
                if (refitU)
                {
                    cells.Add(P(match.Model.U[k][g]));
                }

                cells.Add(match.Model.LevelWeight(k, g).ToString("0.00", CultureInfo.InvariantCulture));
                model.AddRow(cells.ToArray());
            }
        }

        console.Write(model);

        var figures = new Table().Border(TableBorder.Rounded).Title("result").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        figures.AddRow("threshold (match probability)", match.Settings.ThresholdProbability.ToString("0.###", CultureInfo.InvariantCulture));
        figures.AddRow("accepted pairs", N(match.AcceptedPairs));
        figures.AddRow("clusters", $"{N(match.Golden.Clusters)} ({match.ComponentRounds} propagation rounds)");
        figures.AddRow("predicted / true pairs (pairwise, from clusters)", $"{N(outcome.Quality.Predicted)} / {N(outcome.Quality.Truth)}");
        figures.AddRow("true positives", N(outcome.Quality.TruePositives));
        figures.AddRow("loading (s)", Seconds(outcome.LoadSeconds));
        foreach (var (stage, seconds) in match.Stages)
        {
            figures.AddRow($"{stage} (s)", Seconds(seconds));
        }

        figures.AddRow("[bold]precision[/]", outcome.Quality.Precision.ToString("0.0000", CultureInfo.InvariantCulture));
        figures.AddRow("[bold]recall[/]", outcome.Quality.Recall.ToString("0.0000", CultureInfo.InvariantCulture));
        figures.AddRow("[bold]F1[/]", outcome.Quality.F1.ToString("0.0000", CultureInfo.InvariantCulture));
        console.Write(figures);
    }

    /// <summary>The machine-readable last line; seconds cover loading, matching and scoring.</summary>
    public static string SummaryLine(MatchEvaluation.Outcome outcome) => string.Create(CultureInfo.InvariantCulture,
        $"precision={outcome.Quality.Precision:0.0000} recall={outcome.Quality.Recall:0.0000} f1={outcome.Quality.F1:0.0000} pairs={outcome.Match.Candidates} seconds={outcome.TotalSeconds:0.###}");

    /// <summary>The generated bank: what the nightly batch made of it, scored against the ground truth.</summary>
    public static void Print(BankEvaluation.Outcome outcome, IAnsiConsole console)
    {
        var figures = new Table().Border(TableBorder.Rounded).Title($"generated bank, scale {outcome.Scale.ToString(CultureInfo.InvariantCulture)}")
            .AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        figures.AddRow("source customer records", N(outcome.Records));
        figures.AddRow("golden customers", N(outcome.GoldenCustomers));
        figures.AddRow("candidate pairs (blocking)", N(outcome.Candidates));
        figures.AddRow("true pairs that blocking let through", P(outcome.Quality.BlockingRecall));
        figures.AddRow("predicted / true pairs (pairwise, from clusters)", $"{N(outcome.Quality.Predicted)} / {N(outcome.Quality.Truth)}");
        figures.AddRow("true positives", N(outcome.Quality.TruePositives));
        figures.AddRow("match stage (s)", Seconds(outcome.MatchSeconds));
        figures.AddRow("whole batch (s)", Seconds(outcome.LoadSeconds));
        figures.AddRow("[bold]precision[/]", outcome.Quality.Precision.ToString("0.0000", CultureInfo.InvariantCulture));
        figures.AddRow("[bold]recall[/]", outcome.Quality.Recall.ToString("0.0000", CultureInfo.InvariantCulture));
        figures.AddRow("[bold]F1[/]", outcome.Quality.F1.ToString("0.0000", CultureInfo.InvariantCulture));
        console.Write(figures);
    }

    /// <summary>The machine-readable last line; seconds are the match stage's.</summary>
    public static string SummaryLine(BankEvaluation.Outcome outcome) => string.Create(CultureInfo.InvariantCulture,
        $"precision={outcome.Quality.Precision:0.0000} recall={outcome.Quality.Recall:0.0000} f1={outcome.Quality.F1:0.0000} pairs={outcome.Candidates} seconds={outcome.MatchSeconds:0.###}");

    private static string P(double probability) => probability.ToString("0.00000", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
