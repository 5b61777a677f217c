using LinqToDB.Mapping;

namespace CrmWarehouse.Warehouse.Star;

/// <summary>
/// <c>dw.dim_customer</c> as the doors read it beside the marts: the descriptive columns of the version a score was
/// taken on. Only these columns are mapped; the SCD2 bookkeeping and the written-back scores are the pipeline's SQL.
/// <see cref="Name"/> is personal: the doors read this table through the role views, which mask it (config/roles.json).
/// </summary>
[Table(Schema = "dw", Name = "dim_customer")]
public sealed class DimCustomer
{
    [PrimaryKey, Column("customer_key")]
    public long CustomerKey { get; set; }

    /// <summary>The golden customer, stable across nights.</summary>
    [Column("customer_id")]
    public long CustomerId { get; set; }

    [Column("name")]
    public string? Name { get; set; }

    /// <summary>M | F | U.</summary>
    [Column("gender")]
    public string? Gender { get; set; }

    [Column("age_band")]
    public string? AgeBand { get; set; }

    [Column("education")]
    public string? Education { get; set; }

    [Column("city")]
    public string? City { get; set; }

    /// <summary>retail | sme | corporate.</summary>
    [Column("segment")]
    public string? Segment { get; set; }

    [Column("tier")]
    public string? Tier { get; set; }
}

/// <summary><c>dw.dim_account</c> as the doors read it: the key and the account number, which they show masked.</summary>
[Table(Schema = "dw", Name = "dim_account")]
public sealed class DimAccount
{
    [PrimaryKey, Column("account_key")]
    public long AccountKey { get; set; }

    [Column("account_number"), NotNull]
    public string AccountNumber { get; set; } = string.Empty;

    [Column("customer_id")]
    public long CustomerId { get; set; }
}
