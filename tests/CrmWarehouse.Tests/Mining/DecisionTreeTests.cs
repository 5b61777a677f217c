using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Trees;

namespace CrmWarehouse.Tests.Mining;

/// <summary>ID3 / C4.5 on Quinlan's play-tennis table (Machine Learning 1986; Mitchell 1997, table 3.2).</summary>
public sealed class DecisionTreeTests
{
    private static AttributeTable PlayTennis() => AttributeTable.Read(MiningTestData.File("play_tennis.csv"), "PlayTennis", 4, []);

    private static Dictionary<string, double> GainsByName(AttributeTable table, DecisionNode node) =>
        node.Scores.ToDictionary(s => table.Attributes[s.Attribute], s => s.Gain);

    [Test]
    public void Root_information_gains_are_quinlans()
    {
        var table = PlayTennis();
        var root = new TreeInduction(SplitCriterion.InformationGain).Grow(table, CancellationToken.None);

        var gains = GainsByName(table, root);
        Assert.That(gains["Outlook"], Is.EqualTo(0.2467).Within(0.00005));
        Assert.That(gains["Humidity"], Is.EqualTo(0.1518).Within(0.00005));
        Assert.That(gains["Wind"], Is.EqualTo(0.0481).Within(0.00005));
        Assert.That(gains["Temperature"], Is.EqualTo(0.0292).Within(0.00005));
        Assert.That(table.Attributes[root.SplitAttribute!.Value], Is.EqualTo("Outlook"));
    }

    [Test]
    public void Entropy_of_nine_yes_and_five_no_is_0_940()
    {
        Assert.That(InformationGain.Entropy([9, 5]), Is.EqualTo(0.9403).Within(0.00005));
        Assert.That(InformationGain.Entropy([7, 0]), Is.EqualTo(0.0));
    }

    [Test]
    public void Gain_ratio_of_outlook_is_0_156()
    {
        var table = PlayTennis();
        var outlook = InformationGain.Of(table, Enumerable.Range(0, 14).ToArray(), table.Attributes.ToList().IndexOf("Outlook"));

        Assert.That(outlook.SplitInformation, Is.EqualTo(1.5774).Within(0.00005));
        Assert.That(outlook.GainRatio, Is.EqualTo(0.1564).Within(0.00005));
    }

    [Test]
    public void The_tree_reads_as_quinlans_five_rules_and_survives_pessimistic_pruning()
    {
        var table = PlayTennis();
        var root = new TreeInduction(SplitCriterion.GainRatio).Grow(table, CancellationToken.None);

        var pruned = new PessimisticPruning().Prune(root);
        var rules = TreeRule.From(root, table).Select(r => r.ToString()).ToArray();

        Assert.That(pruned, Is.Zero);
        Assert.That(rules, Is.EquivalentTo(new[]
        {
            "IF Outlook = Sunny AND Humidity = High THEN No",
            "IF Outlook = Sunny AND Humidity = Normal THEN Yes",
            "IF Outlook = Overcast THEN Yes",
            "IF Outlook = Rain AND Wind = Weak THEN Yes",
            "IF Outlook = Rain AND Wind = Strong THEN No",
        }));
        Assert.That(Enumerable.Range(0, 14).All(r => root.Classify(table.Rows[r]) == table.Target[r]), Is.True);
    }

    [Test]
    public void Gains_are_reported_at_every_split_node()
    {
        var table = PlayTennis();
        var root = new TreeInduction(SplitCriterion.InformationGain).Grow(table, CancellationToken.None);

        var nodes = TreeRule.SplitNodes(root, table);

        Assert.That(nodes.Select(n => n.Path), Is.EqualTo(new[] { string.Empty, "Outlook = Sunny", "Outlook = Rain" }));
        // Mitchell's worked example under Sunny (printed rounded): Humidity .970, Temperature .570, Wind .019.
        var sunny = GainsByName(table, nodes[1].Node);
        Assert.That(sunny["Humidity"], Is.EqualTo(0.9710).Within(0.00005));
        Assert.That(sunny["Temperature"], Is.EqualTo(0.5710).Within(0.00005));
        Assert.That(sunny["Wind"], Is.EqualTo(0.0200).Within(0.00005));
    }

    [Test]
    public void Pruning_replaces_a_split_that_does_not_pay_for_itself()
    {
        // Both halves stay mostly "yes" (5 of 6 and 4 of 6): the split changes no prediction, so it goes.
        var table = new AttributeTable(["Noise"], [["a", "b"]],
            [.. Enumerable.Range(0, 12).Select(i => new[] { i < 6 ? 0 : 1 })], "y", ["yes", "no"],
            [.. Enumerable.Range(0, 12).Select(i => i is 0 or 6 or 7 ? 1 : 0)]);
        var root = new TreeInduction(SplitCriterion.InformationGain).Grow(table, CancellationToken.None);
        Assert.That(root.IsLeaf, Is.False);

        Assert.That(new PessimisticPruning().Prune(root), Is.EqualTo(1));
        Assert.That(root.IsLeaf, Is.True);
    }

    [Test]
    public void Numeric_columns_are_cut_into_equal_frequency_bands()
    {
        var bands = NumericBands.EqualFrequency([.. Enumerable.Range(1, 100).Select(i => (double)i)], 4);

        Assert.That(bands.Cuts, Is.EqualTo(new[] { 26.0, 51.0, 76.0 }));
        Assert.That(new[] { 1.0, 25.9, 26.0, 75.9, 76.0, 100.0 }.Select(bands.BandOf), Is.EqualTo(new[] { 0, 0, 1, 2, 3, 3 }));
        Assert.That(bands.Label(0), Is.EqualTo("< 26"));
        Assert.That(bands.Label(3), Is.EqualTo(">= 76"));
    }

    [Test]
    public void A_value_repeated_past_several_quantiles_still_leaves_bands_above_it()
    {
        var values = Enumerable.Repeat(-1.0, 80).Concat(Enumerable.Range(1, 20).Select(i => (double)i)).ToArray();

        var bands = NumericBands.EqualFrequency(values, 4);

        Assert.That(bands.Cuts, Is.EqualTo(new[] { 1.0, 7.0, 14.0 }));
        Assert.That(bands.BandOf(-1), Is.Zero);
    }

    [Test]
    public void A_row_with_a_missing_field_is_reported_with_file_and_line()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "short_row.csv");
        File.WriteAllText(path, "a,b,y\n1,x,yes\n2,no\n");

        var error = Assert.Throws<MiningInputException>(() => AttributeTable.Read(path, "y", 4, []));

        Assert.That(error!.Message, Does.Contain("short_row.csv, line 3"));
    }

    [Test]
    public void Chosen_cut_points_replace_equal_frequency_bands_for_their_column_only()
    {
        List<string[]> raw = [["22", "100", "no"], ["35", "2000", "yes"], ["54", "600", "yes"], ["55", "3000", "no"], ["70", "50", "no"]];
        var table = AttributeTable.FromRows(["age", "balance", "buys"], [0, 1], 2, raw, 2,
            new Dictionary<string, double[]> { ["age"] = [55, 30] });

        Assert.That(table.Values[0], Is.EqualTo(new[] { "< 30", "30 to < 55", ">= 55" }), "sorted, each value in its band");
        Assert.That(table.Rows.Select(r => table.Values[0][r[0]]), Is.EqualTo(new[] { "< 30", "30 to < 55", "30 to < 55", ">= 55", ">= 55" }));
        Assert.That(table.Values[1], Has.Count.EqualTo(2), "the other column keeps its equal-frequency bands");
    }

    [Test]
    public void Cut_points_for_an_unknown_or_text_column_are_refused_by_name()
    {
        List<string[]> raw = [["22", "x", "no"], ["35", "y", "yes"]];
        var unknown = Assert.Throws<MiningInputException>(() => AttributeTable.FromRows(["age", "city", "buys"], [0, 1], 2, raw, 2, new Dictionary<string, double[]> { ["income"] = [1] }));
        Assert.That(unknown!.Message, Does.Contain("'income'").And.Contain("age, city"));
        var text = Assert.Throws<MiningInputException>(() => AttributeTable.FromRows(["age", "city", "buys"], [0, 1], 2, raw, 2, new Dictionary<string, double[]> { ["city"] = [1] }));
        Assert.That(text!.Message, Does.Contain("'city'").And.Contain("not numeric"));
    }
}
