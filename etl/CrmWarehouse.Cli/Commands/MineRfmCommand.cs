using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Rfm;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine rfm`: recency, frequency, monetary scores and segments, optionally with migration.</summary>
internal static class MineRfmCommand
{
    public static Command Create()
    {
        var file = new MineTransactionOptions("customer");
        var asOf = new Option<string?>("--as-of") { Description = "Score as of this date, yyyy-MM-dd (default: the last transaction date)." };
        var compareTo = new Option<string?>("--compare-to") { Description = "An earlier as-of date: show how customers moved between segments since." };
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("rfm", "RFM quintile scores and named segments (Champions, Loyal, At risk, Hibernating, ...), with migration.")
        {
            asOf, compareTo,
        };
        file.AddTo(command);
        command.Options.Add(refresh);
        command.SetAction((parse, ct) => !file.HasInput(parse) ? MineWarehouseCommand.Show(parse, "rfm", parse.GetValue(asOf), parse.GetValue(refresh), null, ct) : MineReport.Run((console, token) =>
        {
            var transactions = file.ReadAll(parse);
            var at = MineTransactionOptions.ParseDate(parse.GetValue(asOf), "--as-of") ?? transactions.Max(t => t.Date);
            var scores = RfmScore.Score(transactions, at);
            token.ThrowIfCancellationRequested();
            var table = new Table { Title = new TableTitle($"RFM segments as of {at:yyyy-MM-dd} ({scores.Count} customers)") }
                .AddColumns("segment", "customers", "share", "mean recency (days)", "mean frequency", "mean monetary");
            var bySegment = scores.GroupBy(s => s.Segment).ToDictionary(g => g.Key, g => g.ToArray());
            foreach (var segment in Enum.GetValues<RfmSegment>().Where(bySegment.ContainsKey))
            {
                var members = bySegment[segment];
                table.AddRow(Markup.Escape(segment.Name()), members.Length.ToString(CultureInfo.InvariantCulture), MineReport.Fixed((double)members.Length / scores.Count, 3),
                    MineReport.Fixed(members.Average(s => s.RecencyDays), 1), MineReport.Fixed(members.Average(s => s.Frequency), 2), MineReport.Fixed(members.Average(s => s.Monetary), 2));
            }

            console.Write(table);
            if (MineTransactionOptions.ParseDate(parse.GetValue(compareTo), "--compare-to") is { } earlierDate)
            {
                WriteMigration(console, RfmMigration.Between(RfmScore.Score(transactions, earlierDate), scores), earlierDate, at);
            }

            MineReport.Headline([("customers", scores.Count), .. Enum.GetValues<RfmSegment>()
                .Select(s => (MineReport.Slug(s.Name()), (object)(bySegment.TryGetValue(s, out var m) ? m.Length : 0)))]);
            return 0;
        }, ct));
        return command;
    }

    private static void WriteMigration(IAnsiConsole console, IReadOnlyDictionary<(RfmSegment? From, RfmSegment To), int> moves, DateOnly from, DateOnly to)
    {
        var table = new Table { Title = new TableTitle($"Segment migration {from:yyyy-MM-dd} -> {to:yyyy-MM-dd}") }.AddColumns("from", "to", "customers");
        foreach (var ((before, after), count) in moves.Where(m => m.Key.From != m.Key.To).OrderByDescending(m => m.Value))
        {
            table.AddRow(Markup.Escape(before?.Name() ?? "(no transactions yet)"), Markup.Escape(after.Name()), count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine($"Stayed in their segment: {moves.Where(m => m.Key.From == m.Key.To).Sum(m => m.Value)}.");
    }
}
