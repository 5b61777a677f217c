using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Marts;

/// <summary>One row of <c>mart.association_rules</c>: a cross-sell rule on product holdings.</summary>
[Table(Schema = "mart", Name = "association_rules")]
public sealed class AssociationRule
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("rule_no")]
    public int RuleNo { get; set; }

    /// <summary>A DuckDB VARCHAR[]: the items held.</summary>
    [Column("antecedent"), NotNull]
    public List<string> Antecedent { get; set; } = [];

    [Column("consequent"), NotNull]
    public string Consequent { get; set; } = string.Empty;

    [Column("support")]
    public double Support { get; set; }

    [Column("confidence")]
    public double Confidence { get; set; }

    [Column("lift")]
    public double Lift { get; set; }

    [Column("customers")]
    public long Customers { get; set; }
}

/// <summary>One row of <c>mart.next_best_offer</c>: a customer's offer of a given rank, with the rule behind it.</summary>
[Table(Schema = "mart", Name = "next_best_offer")]
public sealed class NextBestOffer
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("customer_id")]
    public long CustomerId { get; set; }

    [PrimaryKey(2), Column("rank")]
    public sbyte Rank { get; set; }

    [Column("offer"), NotNull]
    public string Offer { get; set; } = string.Empty;

    [Column("confidence")]
    public double Confidence { get; set; }

    [Column("lift")]
    public double Lift { get; set; }

    [Column("because"), NotNull]
    public string Because { get; set; } = string.Empty;
}

/// <summary>One row of <c>mart.segments</c>: a k-means segment and its profile.</summary>
[Table(Schema = "mart", Name = "segments")]
public sealed class Segment
{
    [PrimaryKey(0), Column("as_of")]
    public DateOnly AsOf { get; set; }

    [PrimaryKey(1), Column("segment_id")]
    public int SegmentId { get; set; }

    [Column("customers")]
    public long Customers { get; set; }

    [Column("share")]
    public double Share { get; set; }

    /// <summary>Of the chosen k: the same on every row of the date.</summary>
    [Column("silhouette")]
    public double Silhouette { get; set; }

    [Column("description"), NotNull]
    public string Description { get; set; } = string.Empty;

    /// <summary>Feature means; a DuckDB MAP, read as a dictionary.</summary>
    [Column("means", SkipOnInsert = true, SkipOnUpdate = true)]
    public Dictionary<string, double>? Means { get; set; }
}
