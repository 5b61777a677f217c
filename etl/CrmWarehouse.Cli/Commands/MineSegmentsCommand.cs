using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Segments;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine segments`: k-means customer segments on chosen numeric columns.</summary>
internal static class MineSegmentsCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV with a header row." };
        var columns = new Option<string>("--columns") { Description = "Comma-separated numeric feature columns." };
        var k = new Option<int?>("--k") { Description = "Number of segments (default: chosen by silhouette over --k-range)." };
        var range = new Option<string>("--k-range") { Description = "Range of k to try, from..to.", DefaultValueFactory = _ => "2..8" };
        var seed = new Option<int>("--seed") { Description = "Random seed (k-means++ and silhouette sample).", DefaultValueFactory = _ => 42 };
        var warehouseAsOf = MineWarehouseCommand.AsOf();
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("segments", "k-means++ on standardised features, k chosen by silhouette, with segment profiles.")
        {
            input, columns, k, range, seed,
        };
        command.Options.Add(warehouseAsOf);
        command.Options.Add(refresh);
        command.SetAction((parse, ct) => !(parse.GetValue(input) is not null) ? MineWarehouseCommand.Show(parse, "segments", parse.GetValue(warehouseAsOf), parse.GetValue(refresh), null, ct) : MineReport.Run((console, token) =>
        {
            var started = TimeProvider.System.GetTimestamp();
            var names = (parse.GetValue(columns) ?? throw new ArgumentException("--columns is required with --input.")).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var original = FeatureMatrix.Read(parse.GetValue(input)!, names);
            var standardised = original.Standardised().Rows;
            var chosenSeed = parse.GetValue(seed);
            Clustering clustering;
            double silhouette;
            if (parse.GetValue(k) is { } fixedK)
            {
                clustering = new KMeans(fixedK, chosenSeed).Fit(standardised, token);
                silhouette = fixedK > 1 ? Silhouette.Mean(standardised, clustering.Assignment, fixedK, chosenSeed, token) : 0.0;
            }
            else
            {
                var (from, to) = ParseRange(parse.GetValue(range)!);
                (clustering, var tried) = SegmentCount.Choose(standardised, from, to, chosenSeed, token);
                silhouette = tried.Single(t => t.K == clustering.K).Silhouette;
                var choice = new Table { Title = new TableTitle("Choice of k") }.AddColumns("k", "silhouette", "inertia (standardised)");
                foreach (var t in tried)
                {
                    choice.AddRow(t.K.ToString(CultureInfo.InvariantCulture), MineReport.Fixed(t.Silhouette, 4), MineReport.Fixed(t.Inertia, 1));
                }

                console.Write(choice);
            }

            var profiles = SegmentProfile.Describe(original, clustering);
            var table = new Table { Title = new TableTitle($"{clustering.K} segments of {original.Rows.Length} rows (means in original units)") }
                .AddColumns(["segment", "size", "share", .. original.Columns.Select(Markup.Escape), "stands out by"]);
            foreach (var p in profiles.OrderByDescending(p => p.Size))
            {
                table.AddRow([p.Segment.ToString(CultureInfo.InvariantCulture), p.Size.ToString(CultureInfo.InvariantCulture), MineReport.Fixed(p.Share, 3),
                    .. p.Means.Select(m => MineReport.Fixed(m, 2)), Markup.Escape(p.Headline(original.Columns))]);
            }

            console.Write(table);
            MineReport.Headline(
                ("k", clustering.K), ("silhouette", MineReport.Fixed(silhouette, 4)), ("inertia", MineReport.Fixed(clustering.Inertia, 2)),
                ("sizes", string.Join('/', clustering.Sizes())), ("rows", original.Rows.Length),
                ("seconds", MineReport.Fixed(TimeProvider.System.GetElapsedTime(started).TotalSeconds, 2)));
            return 0;
        }, ct));
        return command;
    }

    private static (int From, int To) ParseRange(string text)
    {
        var parts = text.Split("..");
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var from) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var to)
            ? (from, to)
            : throw new ArgumentException($"--k-range '{text}': write it as from..to, e.g. 2..8.");
    }
}
