
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// One customer row in one source system, already dirtied but not yet in that system's conventions
/// (gender is 'M', 'F' or '?' for an unknown code; the table writers render it as M/F, 1/2 or 男/女).
/// </summary>
public sealed class CustomerRecord
{
    public required SourceSystem System { get; init; }
    public required string Key { get; init; }
    public required int PersonId { get; init; }
    public bool IsDuplicate { get; init; }
    public required string Surname { get; set; }
    public required string GivenName { get; set; }

    /// <summary>The name as one string; for swapped-order dirt this is given name first.</summary>
    public required string Name { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public DateOnly? BirthDate { get; set; }
    public char Gender { get; set; }
    public required string Address { get; set; }
    public required string OutletCode { get; set; }
    public required string Tier { get; set; }
    public required string Segment { get; init; }

    /// <summary>Know-your-customer facts as the system recorded them (null when the clerk left them empty).</summary>
    public string? Education { get; set; }
    public string? Occupation { get; set; }
    public int? MonthlyIncome { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The kinds of dirt applied to this record, for the ground truth.</summary>
    public List<string> Dirt { get; } = [];
}
