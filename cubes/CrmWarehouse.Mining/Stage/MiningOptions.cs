using CrmWarehouse.Mining.Outliers;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// The settings of the mining stage on the warehouse (config section "Mining"). Money in CNY, rates as annual
/// fractions, windows in days or months as named. Every definition that uses them is in docs/mining.md.
/// </summary>
public sealed record MiningOptions
{
    /// <summary>Months of profit, revenue and contribution in a customer's value (ending with the as-of month).</summary>
    public int ValueMonths { get; init; } = 12;

    /// <summary>Days of transactions RFM looks at.</summary>
    public int RfmDays { get; init; } = 365;

    /// <summary>Annual expected loss on loan and card balances (probability of default × loss given default).</summary>
    public double ExpectedLossRate { get; init; } = 0.005;

    /// <summary>Interchange the issuer keeps on card spending.</summary>
    public double CardInterchange { get; init; } = 0.0045;

    /// <summary>Cost of keeping one account open for a month.</summary>
    public double AccountCostPerMonth { get; init; } = 0.5;

    /// <summary>Churn: "closed" (all the customer's accounts closed) or "dormant" (no transaction and a balance drop).</summary>
    public string ChurnDefinition { get; init; } = "closed";

    public int DormantDays { get; init; } = 90;

    /// <summary>For "dormant": the fall of the deposit balance, as a fraction of what it was at the last transaction.</summary>
    public double DormantBalanceDrop { get; init; } = 0.5;

    /// <summary>The churn-risk model predicts churn within this many days of its cutoff.</summary>
    public int ChurnHorizonDays { get; init; } = 90;

    public int ClvHorizonMonths { get; init; } = 12;

    public double ClvMonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Days of transactions the CLV models are fitted on.</summary>
    public int ClvHistoryDays { get; init; } = 365;

    /// <summary>Customers (drawn at random, seeded) the CLV models are fitted on; every customer is then scored.</summary>
    public int ClvFitSample { get; init; } = 10_000;

    /// <summary>Customers (drawn at random, seeded) k-means and the silhouette choose k on; every customer then joins its nearest centre.</summary>
    public int SegmentFitSample { get; init; } = 20_000;

    public double RuleSupport { get; init; } = 0.01;

    public double RuleConfidence { get; init; } = 0.3;

    /// <summary>Most products in one association rule, antecedent and consequent together.</summary>
    public int RuleMaxProducts { get; init; } = 4;

    public int OffersPerCustomer { get; init; } = 3;

    public int SegmentsFrom { get; init; } = 3;

    public int SegmentsTo { get; init; } = 6;

    public int Seed { get; init; } = 42;

    /// <summary>Equal-frequency bands the decision tree cuts numbers into.</summary>
    public int TreeBands { get; init; } = 6;

    /// <summary>How the tree chooses a split: "ratio" (C4.5's gain ratio) or "gain" (ID3's information gain).</summary>
    public string TreeCriterion { get; init; } = "ratio";

    /// <summary>
    /// Chosen cut points of the tree's numeric attributes (age, deposit_balance in CNY), instead of <see cref="TreeBands"/>
    /// equal-frequency bands: e.g. age = [30, 55] gives under 30, 30 to 55, 55 and over.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> TreeCutPoints { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Levels of questions the decision tree may ask before it answers.</summary>
    public int TreeMaxDepth { get; init; } = 4;

    /// <summary>A tree node with fewer customers than this is a leaf (no split learnt from a handful of people).</summary>
    public int TreeMinRowsToSplit { get; init; } = 50;

    /// <summary>The age taken for a customer whose birth date is unknown, in the segment features (the tree takes the median).</summary>
    public int SegmentUnknownAge { get; init; } = 45;

    public OutlierRules Outliers { get; init; } = new();

    /// <summary>Checks what configuration could get wrong, naming the setting.</summary>
    public MiningOptions Validated()
    {
        Require(ChurnDefinition is "closed" or "dormant", $"Mining:ChurnDefinition is '{ChurnDefinition}'; use 'closed' or 'dormant'.");
        Require(ValueMonths is >= 1 and <= 120, $"Mining:ValueMonths is {ValueMonths}; use 1 to 120.");
        Require(RfmDays >= 7, $"Mining:RfmDays is {RfmDays}; use at least 7.");
        Require(ChurnHorizonDays is >= 7 and <= 366, $"Mining:ChurnHorizonDays is {ChurnHorizonDays}; use 7 to 366.");
        Require(DormantBalanceDrop is >= 0 and < 1, $"Mining:DormantBalanceDrop is {DormantBalanceDrop}; use a fraction in [0, 1).");
        Require(RuleSupport is > 0 and < 1 && RuleConfidence is > 0 and <= 1, $"Mining:RuleSupport {RuleSupport} and RuleConfidence {RuleConfidence} must be fractions.");
        Require(RuleMaxProducts >= 2, $"Mining:RuleMaxProducts is {RuleMaxProducts}; a rule needs at least 2 products.");
        Require(TreeCriterion is "ratio" or "gain", $"Mining:TreeCriterion is '{TreeCriterion}'; use 'ratio' (C4.5) or 'gain' (ID3).");
        Require(TreeCutPoints.Keys.All(k => k is "age" or "deposit_balance") && TreeCutPoints.Values.All(c => c.Length > 0 && c.All(double.IsFinite)),
            $"Mining:TreeCutPoints names {string.Join(", ", TreeCutPoints.Keys)}; the tree's numeric attributes are age and deposit_balance, each with at least one number.");
        Require(TreeMaxDepth >= 1 && TreeMinRowsToSplit >= 2, $"Mining:TreeMaxDepth {TreeMaxDepth} must be at least 1 and TreeMinRowsToSplit {TreeMinRowsToSplit} at least 2.");
        Require(SegmentUnknownAge is >= 18 and <= 100, $"Mining:SegmentUnknownAge is {SegmentUnknownAge}; use an adult age, 18 to 100.");
        Require(SegmentsFrom >= 2 && SegmentsTo >= SegmentsFrom, $"Mining:SegmentsFrom {SegmentsFrom} .. SegmentsTo {SegmentsTo}: need 2 <= from <= to.");
        return this;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
