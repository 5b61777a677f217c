using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Rules;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine rules`: FP-growth association rules and next-best offers.</summary>
internal static class MineRulesCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "One basket per line, items separated by commas (or a long file with --basket-column/--item-column)." };
        var basketColumn = new Option<string?>("--basket-column") { Description = "Long format: the basket or customer column (header name or number)." };
        var itemColumn = new Option<string?>("--item-column") { Description = "Long format: the item or product column." };
        var support = new Option<double>("--support") { Description = "Minimum support (fraction of baskets).", DefaultValueFactory = _ => 0.01 };
        var confidence = new Option<double>("--confidence") { Description = "Minimum confidence.", DefaultValueFactory = _ => 0.5 };
        var minLength = new Option<int>("--min-length") { Description = "Minimum items in a rule, both sides (1 admits {} => {y}, as arules).", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-length") { Description = "Maximum items in a rule, both sides.", DefaultValueFactory = _ => 10 };
        var top = new Option<int>("--top") { Description = "How many rules to list.", DefaultValueFactory = _ => 10 };
        var offer = new Option<string?>("--offer") { Description = "Comma-separated items held: list the next best offers for them." };
        var offersFor = new Option<int>("--offers-for") { Description = "List the next best offers of the first N baskets or customers.", DefaultValueFactory = _ => 0 };
        var warehouseAsOf = MineWarehouseCommand.AsOf();
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("rules", "Association rules by FP-growth with support, confidence and lift; next best offers for a basket.")
        {
            input, basketColumn, itemColumn, support, confidence, minLength, maxLength, top, offer, offersFor,
        };
        command.Options.Add(warehouseAsOf);
        command.Options.Add(refresh);
        command.SetAction((parse, ct) => !(parse.GetValue(input) is not null) ? MineWarehouseCommand.Show(parse, "rules", parse.GetValue(warehouseAsOf), parse.GetValue(refresh), null, ct) : MineReport.Run((console, token) =>
        {
            var started = TimeProvider.System.GetTimestamp();
            var path = parse.GetValue(input)!;
            var (basketBy, itemBy) = (parse.GetValue(basketColumn), parse.GetValue(itemColumn));
            var baskets = basketBy is null && itemBy is null
                ? BasketSet.ReadBasketFile(path)
                : BasketSet.ReadPairFile(path, basketBy ?? throw new MiningInputException("--item-column needs --basket-column."), itemBy ?? throw new MiningInputException("--basket-column needs --item-column."));
            if (baskets.Baskets.Count == 0)
            {
                throw new MiningInputException($"{path}: no baskets.");
            }

            var itemsets = FpGrowth.Mine(baskets, parse.GetValue(support), parse.GetValue(maxLength), token);
            var rules = AssociationRule.FromItemsets(itemsets, baskets.Baskets.Count, parse.GetValue(confidence), parse.GetValue(minLength), token);
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;

            console.MarkupLine($"{baskets.Baskets.Count} baskets, {baskets.ItemNames.Count} items, {itemsets.Count} frequent itemsets, [bold]{rules.Count} rules[/].");
            console.MarkupLine("Rules by length: " + string.Join(", ", rules.GroupBy(r => r.Length).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
            var ranked = rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ToList();
            var table = new Table { Title = new TableTitle($"Top {parse.GetValue(top)} rules by lift") }.AddColumns("rule", "support", "confidence", "lift", "count");
            foreach (var rule in ranked.Take(parse.GetValue(top)))
            {
                table.AddRow(Markup.Escape(rule.Describe(baskets.ItemNames)), MineReport.Fixed(rule.Support, 5), MineReport.Fixed(rule.Confidence, 4),
                    MineReport.Fixed(rule.Lift, 4), rule.Count.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(table);
            if (parse.GetValue(offer) is { } held)
            {
                WriteOffers(console, baskets, rules, held, parse.GetValue(top));
            }

            if (parse.GetValue(offersFor) > 0)
            {
                WriteOffersPerBasket(console, baskets, rules, parse.GetValue(offersFor));
            }

            MineReport.Headline(
                ("rules", rules.Count), ("top_lift", ranked.Count > 0 ? MineReport.Fixed(ranked[0].Lift, 2) : "none"),
                ("itemsets", itemsets.Count), ("baskets", baskets.Baskets.Count), ("seconds", MineReport.Fixed(seconds, 2)));
            return 0;
        }, ct));
        return command;
    }

    private static void WriteOffers(IAnsiConsole console, BasketSet baskets, IReadOnlyList<AssociationRule> rules, string held, int top)
    {
        var ids = new HashSet<int>();
        foreach (var name in held.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!baskets.TryGetId(name, out var id) && !baskets.TryGetId(name.Trim(), out id))
            {
                throw new MiningInputException($"--offer: no item '{name}' in the data.");
            }

            ids.Add(id);
        }

        var table = new Table { Title = new TableTitle(Markup.Escape($"Next best offers for {{{held}}}")) }.AddColumns("offer", "because", "confidence", "lift");
        foreach (var o in NextBestOffer.For(ids, rules, top))
        {
            table.AddRow(Markup.Escape(baskets.ItemNames[o.Item]), Markup.Escape(o.Because.Describe(baskets.ItemNames)),
                MineReport.Fixed(o.Because.Confidence, 4), MineReport.Fixed(o.Because.Lift, 4));
        }

        console.Write(table);
    }

    private static void WriteOffersPerBasket(IAnsiConsole console, BasketSet baskets, IReadOnlyList<AssociationRule> rules, int count)
    {
        const int OffersEach = 3;
        var table = new Table { Title = new TableTitle($"Next best offers, first {count} baskets") }.AddColumns("basket", "holds", $"top {OffersEach} offers (confidence)");
        for (var b = 0; b < Math.Min(count, baskets.Baskets.Count); b++)
        {
            var offers = NextBestOffer.For(baskets.Baskets[b], rules, OffersEach);
            table.AddRow(Markup.Escape(baskets.Keys[b]), Markup.Escape(string.Join(", ", baskets.Baskets[b].Select(i => baskets.ItemNames[i]))),
                Markup.Escape(offers.Count == 0 ? "-" : string.Join(", ", offers.Select(o => $"{baskets.ItemNames[o.Item]} ({o.Because.Confidence:F2})"))));
        }

        console.Write(table);
    }
}
