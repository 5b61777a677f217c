using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Trees;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine tree`: a decision tree on any CSV, printed as IF-THEN rules with the gains at each node.</summary>
internal static class MineTreeCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV with a header row." };
        var target = new Option<string>("--target") { Description = "The class column." };
        var criterion = new Option<string>("--criterion") { Description = "gain (ID3) or ratio (C4.5).", DefaultValueFactory = _ => "ratio" };
        var bands = new Option<int>("--bands") { Description = "Equal-frequency bands for numeric columns.", DefaultValueFactory = _ => 4 };
        var bins = new Option<string[]>("--bins")
        {
            Description = "Chosen cut points instead of bands, per numeric column: --bins age=30,55 deposit_balance=500,2500 (on the warehouse: age, deposit_balance in CNY).",
            AllowMultipleArgumentsPerToken = true,
        };
        var ignore = new Option<string?>("--ignore") { Description = "Comma-separated columns to leave out (ids, leakage)." };
        var maxDepth = new Option<int>("--max-depth") { Description = "Deepest split.", DefaultValueFactory = _ => 10 };
        var minRows = new Option<int>("--min-rows") { Description = "Fewest rows a node needs to be split.", DefaultValueFactory = _ => 2 };
        var noPrune = new Option<bool>("--no-prune") { Description = "Keep the unpruned tree." };
        var confidenceFactor = new Option<double>("--cf") { Description = "C4.5 pruning confidence factor.", DefaultValueFactory = _ => 0.25 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out to measure accuracy (0 = none).", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the holdout split.", DefaultValueFactory = _ => 42 };
        var top = new Option<int>("--top") { Description = "How many rules and nodes to print.", DefaultValueFactory = _ => 20 };
        var warehouseAsOf = MineWarehouseCommand.AsOf();
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("tree", "ID3/C4.5 decision tree: information gain and gain ratio at every node, pruning, IF-THEN rules.")
        {
            input, target, criterion, bands, bins, ignore, maxDepth, minRows, noPrune, confidenceFactor, testFraction, seed, top,
        };
        command.Options.Add(warehouseAsOf);
        command.Options.Add(refresh);
        // On the warehouse, a criterion or cut points given on the command line mine the date again with them.
        command.SetAction((parse, ct) => parse.GetValue(input) is null ? MineWarehouseCommand.Show(parse, "tree", parse.GetValue(warehouseAsOf), parse.GetValue(refresh), null, ct,
            parse.GetResult(criterion) is { Implicit: false } || parse.GetResult(bins) is not null
                ? options => options with
                {
                    TreeCriterion = parse.GetResult(criterion) is { Implicit: false } ? Checked(parse.GetValue(criterion)) : options.TreeCriterion,
                    TreeCutPoints = parse.GetResult(bins) is null ? options.TreeCutPoints : CutPoints(parse.GetValue(bins)),
                }
                : null) : MineReport.Run((console, token) =>
        {
            var split = Criterion(parse.GetValue(criterion));
            var ignored = (parse.GetValue(ignore) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var table = AttributeTable.Read(parse.GetValue(input)!, parse.GetValue(target) ?? throw new ArgumentException("--target is required with --input."), parse.GetValue(bands), ignored,
                parse.GetResult(bins) is null ? null : CutPoints(parse.GetValue(bins)));
            var (train, test) = Holdout(table.Rows.Length, parse.GetValue(testFraction), parse.GetValue(seed));
            var root = new TreeInduction(split, parse.GetValue(minRows), parse.GetValue(maxDepth)).Grow(table, train, token);
            var rootScores = root.Scores;
            var pruned = parse.GetValue(noPrune) ? 0 : new PessimisticPruning(parse.GetValue(confidenceFactor)).Prune(root);
            var rules = TreeRule.From(root, table);
            var trainAccuracy = Accuracy(root, table, train);

            WriteGains(console, table, TreeRule.SplitNodes(root, table), rootScores, parse.GetValue(top));
            var ruleTable = new Table { Title = new TableTitle($"Rules ({rules.Count}; {pruned} subtrees pruned)") }.AddColumns("rule", "rows", "accuracy");
            foreach (var rule in rules.OrderByDescending(r => r.Rows).Take(parse.GetValue(top)))
            {
                ruleTable.AddRow(Markup.Escape(rule.ToString()), rule.Rows.ToString(CultureInfo.InvariantCulture), MineReport.Fixed(rule.Accuracy, 3));
            }

            console.Write(ruleTable);
            var headline = rootScores.Select(s => ("gain_" + MineReport.Slug(table.Attributes[s.Attribute]), (object)MineReport.Fixed(s.Gain, 4))).ToList();
            headline.AddRange([("rules", rules.Count), ("pruned", pruned), ("train_accuracy", MineReport.Fixed(trainAccuracy, 4))]);
            if (test.Length > 0)
            {
                var testAccuracy = Accuracy(root, table, test);
                console.MarkupLine($"Holdout: {test.Length} rows, accuracy {testAccuracy:P2} (majority class alone: {MajorityShare(table, test):P2}).");
                headline.Add(("test_accuracy", MineReport.Fixed(testAccuracy, 4)));
            }

            MineReport.Headline([.. headline]);
            return 0;
        }, ct));
        return command;
    }

    private static void WriteGains(IAnsiConsole console, AttributeTable table, IReadOnlyList<(string Path, DecisionNode Node)> nodes, IReadOnlyList<InformationGain> rootScores, int top)
    {
        var rootTable = new Table { Title = new TableTitle("Root: information gain of every attribute") }.AddColumns("attribute", "gain", "split info", "gain ratio");
        foreach (var s in rootScores)
        {
            rootTable.AddRow(Markup.Escape(table.Attributes[s.Attribute]), MineReport.Fixed(s.Gain, 4), MineReport.Fixed(s.SplitInformation, 4), MineReport.Fixed(s.GainRatio, 4));
        }

        console.Write(rootTable);
        var below = new Table { Title = new TableTitle("Gains at the split nodes below the root") }.AddColumns("node", "split on", "gains");
        foreach (var (path, node) in nodes.Skip(1).Take(top))
        {
            var gains = string.Join(", ", node.Scores.Select(s => $"{table.Attributes[s.Attribute]} {s.Gain:F4}"));
            below.AddRow(Markup.Escape(path), Markup.Escape(table.Attributes[node.SplitAttribute!.Value]), Markup.Escape(gains));
        }

        console.Write(below);
    }

    private static SplitCriterion Criterion(string? name) => name switch
    {
        "gain" => SplitCriterion.InformationGain,
        "ratio" => SplitCriterion.GainRatio,
        var other => throw new ArgumentException($"--criterion '{other}': use gain (ID3) or ratio (C4.5)."),
    };

    /// <summary>The criterion's name as the mining options take it, once it is known to be one.</summary>
    private static string Checked(string? name)
    {
        _ = Criterion(name);
        return name!;
    }

    /// <summary>"age=30,55" "balance=500,2500" → cut points per column; says which token is wrong.</summary>
    private static Dictionary<string, double[]> CutPoints(string[]? tokens)
    {
        var cuts = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var token in tokens ?? [])
        {
            var (name, list) = token.Split('=', 2) is [var n, var l] && n.Trim().Length > 0 ? (n.Trim(), l) : throw new ArgumentException($"--bins '{token}': write COLUMN=CUT,CUT (e.g. age=30,55).");
            cuts[name] = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v =>
                double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var cut) && double.IsFinite(cut)
                    ? cut
                    : throw new ArgumentException($"--bins '{token}': '{v}' is not a number."))];
            if (cuts[name].Length == 0)
            {
                throw new ArgumentException($"--bins '{token}': give at least one cut point.");
            }
        }

        return cuts.Count == 0 ? throw new ArgumentException("--bins: give COLUMN=CUT,CUT for at least one numeric column.") : cuts;
    }

    private static (int[] Train, int[] Test) Holdout(int rows, double fraction, int seed)
    {
        if (fraction is < 0 or >= 1)
        {
            throw new ArgumentException($"--test-fraction {fraction}: use a share in [0, 1).");
        }

        var order = Enumerable.Range(0, rows).ToArray();
        if (fraction == 0)
        {
            return (order, []);
        }

        new Random(seed).Shuffle(order);
        var testCount = (int)Math.Round(rows * fraction);
        return (order[testCount..], order[..testCount]);
    }

    private static double Accuracy(DecisionNode root, AttributeTable table, int[] rows) =>
        rows.Length == 0 ? 0 : (double)rows.Count(r => root.Classify(table.Rows[r]) == table.Target[r]) / rows.Length;

    private static double MajorityShare(AttributeTable table, int[] rows) =>
        (double)rows.GroupBy(r => table.Target[r]).Max(g => g.Count()) / rows.Length;
}
