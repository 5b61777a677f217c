using CrmWarehouse.Mining.Rules;

namespace CrmWarehouse.Tests.Mining;

/// <summary>FP-growth and rules on arules' Groceries data against the published apriori results.</summary>
public sealed class AssociationRuleTests
{
    private static BasketSet? _groceries;
    private static IReadOnlyList<FrequentItemset>? _itemsets;

    private static BasketSet Groceries => _groceries ??= BasketSet.ReadBasketFile(BenchmarkDatasets.File("groceries/groceries.csv"));

    private static IReadOnlyList<FrequentItemset> Itemsets => _itemsets ??= FpGrowth.Mine(Groceries, 0.001, 10, CancellationToken.None);

    private static IReadOnlyList<AssociationRule> Rules(double confidence) =>
        AssociationRule.FromItemsets(Itemsets, Groceries.Baskets.Count, confidence, 1, CancellationToken.None);

    [Test]
    public void Groceries_has_the_published_shape()
    {
        Assert.That(Groceries.Baskets, Has.Count.EqualTo(9835));
        Assert.That(Groceries.ItemNames, Has.Count.EqualTo(169));
        Assert.That(Groceries.Baskets.Sum(b => b.Length), Is.EqualTo(43367));
        Assert.That(Groceries.TryGetId("cream cheese ", out _), Is.True, "item labels are kept untrimmed, as arules has them");
    }

    [Test]
    public void Fp_growth_finds_every_frequent_itemset_at_support_one_per_mille()
    {
        Assert.That(Itemsets, Has.Count.EqualTo(13492));
        Assert.That(Itemsets.Count(i => i.Items.Length == 1), Is.EqualTo(157));
    }

    [Test]
    public void Confidence_point_eight_gives_the_410_published_rules_topped_by_liquor_and_wine_to_beer()
    {
        var rules = Rules(0.8);

        Assert.That(rules, Has.Count.EqualTo(410));
        Assert.That(rules.GroupBy(r => r.Length).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())),
            Is.EqualTo(new[] { (3, 29), (4, 229), (5, 140), (6, 12) }));
        Assert.That(rules.Count(r => r.Lift > 5), Is.EqualTo(32));
        var top = rules.MaxBy(r => r.Lift)!;
        Assert.That(top.Describe(Groceries.ItemNames), Is.EqualTo("{liquor, red/blush wine} => {bottled beer}"));
        Assert.That(top.Support, Is.EqualTo(0.001932).Within(0.000001));
        Assert.That(top.Confidence, Is.EqualTo(0.904762).Within(0.000001));
        Assert.That(top.Lift, Is.EqualTo(11.235269).Within(0.000001));
    }

    [Test]
    public void Confidence_one_half_gives_the_5668_published_rules_with_their_lengths()
    {
        var rules = Rules(0.5);

        Assert.That(rules, Has.Count.EqualTo(5668));
        Assert.That(rules.GroupBy(r => r.Length).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())),
            Is.EqualTo(new[] { (2, 11), (3, 1461), (4, 3211), (5, 939), (6, 46) }));
    }

    [Test]
    public void Lantz_example_gives_463_rules_topped_by_herbs_to_root_vegetables()
    {
        var itemsets = FpGrowth.Mine(Groceries, 0.006, 10, CancellationToken.None);
        var rules = AssociationRule.FromItemsets(itemsets, Groceries.Baskets.Count, 0.25, 2, CancellationToken.None);

        Assert.That(rules, Has.Count.EqualTo(463));
        var top = rules.MaxBy(r => r.Lift)!;
        Assert.That(top.Describe(Groceries.ItemNames), Is.EqualTo("{herbs} => {root vegetables}"));
        Assert.That(top.Lift, Is.EqualTo(3.956477).Within(0.000001));
    }

    [Test]
    public void Next_best_offer_proposes_what_a_rule_predicts_and_the_basket_lacks()
    {
        var set = new BasketSet();
        for (var i = 0; i < 8; i++)
        {
            set.Add(["current account", "debit card", "credit card"]);
        }

        set.Add(["current account", "debit card"]);
        set.Add(["current account", "wealth management"]);
        var rules = AssociationRule.FromItemsets(FpGrowth.Mine(set, 0.2, 5, CancellationToken.None), set.Baskets.Count, 0.6, 2, CancellationToken.None);

        var offers = NextBestOffer.For([set.Id("current account"), set.Id("debit card")], rules, 3);

        Assert.That(offers.Select(o => set.ItemNames[o.Item]), Is.EqualTo(new[] { "credit card" }));
        Assert.That(offers[0].Because.Confidence, Is.EqualTo(8.0 / 9).Within(1e-12));
    }

    [Test]
    public void Product_holdings_in_long_format_give_cross_sell_offers_per_customer()
    {
        var holdings = BasketSet.ReadPairFile(MiningTestData.File("product_holdings.csv"), "customer", "product");
        var rules = AssociationRule.FromItemsets(FpGrowth.Mine(holdings, 0.1, 5, CancellationToken.None), holdings.Baskets.Count, 0.6, 2, CancellationToken.None);

        var offers = holdings.Keys.Select((customer, b) => (customer, offers: NextBestOffer.For(holdings.Baskets[b], rules, 1)))
            .Where(c => c.offers.Count > 0).ToDictionary(c => c.customer, c => holdings.ItemNames[c.offers[0].Item]);

        Assert.That(holdings.Keys, Has.Count.EqualTo(12));
        Assert.That(offers["c04"], Is.EqualTo("credit card"));
        Assert.That(offers["c08"], Is.EqualTo("wealth management"));
        Assert.That(offers["c12"], Is.EqualTo("home insurance"));
        Assert.That(offers.ContainsKey("c01"), Is.False, "a customer holding the whole bundle gets no offer");
    }

    [Test]
    public void Mining_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => FpGrowth.Mine(Groceries, 0.001, 10, cancelled.Token));
    }
}
