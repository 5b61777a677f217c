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

    public string? Expression { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public string? Of { get; set; }

    public string? Format { get; set; }

    public string? Unit { get; set; }

    public DescriptionFile? Description { get; set; }
}

internal sealed class DimensionFile
{
    public string? Name { get; set; }

    public DescriptionFile? Description { get; set; }

    public List<LevelFile>? Levels { get; set; }
}

internal sealed class LevelFile
{
    public string? Name { get; set; }

    public string? Expression { get; set; }

    public string? Type { get; set; }

    public DescriptionFile? Description { get; set; }
}

internal sealed class RollupFile
{
    public string? Name { get; set; }

    public List<string>? Levels { get; set; }

    public List<string>? Measures { get; set; }
}
