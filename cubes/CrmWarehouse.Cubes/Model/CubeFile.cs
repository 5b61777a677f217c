using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmWarehouse.Cubes.Model;

/// <summary>The JSON shape of a cube file, before validation turns it into a <see cref="CubeDefinition"/>.</summary>
internal sealed class CubeFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string? Name { get; set; }

    public DescriptionFile? Description { get; set; }

    public string? Fact { get; set; }

    public string? Where { get; set; }

    public string? DateKey { get; set; }

    /// <summary>The finest period of the facts (month for month-end snapshots, day otherwise): what `last` steps over.</summary>
    public string? Grain { get; set; }

    public List<JoinFile>? Joins { get; set; }

    public List<MeasureFile>? Measures { get; set; }

    public List<DimensionFile>? Dimensions { get; set; }

    public List<RollupFile>? Rollups { get; set; }
}

internal sealed class DescriptionFile
{
    public string? Zh { get; set; }

    public string? En { get; set; }
}

internal sealed class JoinFile
{
    public string? Alias { get; set; }

    public string? Table { get; set; }

    public string? On { get; set; }
}

internal sealed class MeasureFile
{
    public string? Name { get; set; }

    public string? Kind { get; set; }

    /// <summary>How the measure adds up over time: sum (default), last, first, average.</summary>
    public string? Time { get; set; }

    public string? Expression { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public string? Of { get; set; }

    public string? Format { get; set; }

    public string? Unit { get; set; }

    public DescriptionFile? Description { get; set; }
}

/// <summary>
/// A dimension: in config/cubes/dimensions/ a conformed one (table, alias, key column, levels); in a cube either inline
/// levels or a reference (<c>use</c>) to a conformed one, with the fact's key (<c>key</c>) or a join condition
/// (<c>on</c>), and for a second role of the same dimension a name (<c>as</c>) and an alias.
/// </summary>
internal sealed class DimensionFile
{
    public string? Name { get; set; }

    public string? Use { get; set; }

    public string? As { get; set; }

    public string? Table { get; set; }

    public string? Alias { get; set; }

    public string? Key { get; set; }

    public string? On { get; set; }

    public List<string>? Hierarchy { get; set; }

    public DescriptionFile? Description { get; set; }

    public List<LevelFile>? Levels { get; set; }
}

internal sealed class LevelFile
{
    public string? Name { get; set; }

    public string? Expression { get; set; }

    public string? Type { get; set; }

    public string? Grain { get; set; }

    public List<string>? Unknown { get; set; }

    public List<MemberFile>? Members { get; set; }

    public DescriptionFile? Caption { get; set; }

    public DescriptionFile? Description { get; set; }
}

internal sealed class MemberFile
{
    public string? Key { get; set; }

    public string? Zh { get; set; }

    public string? En { get; set; }
}

internal sealed class RollupFile
{
    public string? Name { get; set; }

    public List<string>? Levels { get; set; }

    public List<string>? Measures { get; set; }
}
