using System.Text.Json;

namespace CrmWarehouse.Cubes.Model;

/// <summary>
/// A dimension declared once in config/cubes/dimensions/NAME.json and referenced by the cubes that use it: its table,
/// the alias its level expressions are written with, the table's key column, and the levels. A cube that references
/// it gives the fact's key (<c>key</c>, e.g. <c>f.product_key</c>) or a join condition (<c>on</c>); a level may
/// use <c>{key}</c> for the fact's key itself (the calendar is derived from it without a join).
/// </summary>
internal sealed record ConformedDimension(DimensionFile File, string SourceFile)
{
    public string Name => File.Name!;

    public static IReadOnlyDictionary<string, ConformedDimension> LoadAll(string directory)
    {
        var dimensions = new Dictionary<string, ConformedDimension>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return dimensions;
        }

        foreach (var path in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var file = "dimensions/" + Path.GetFileName(path);
            DimensionFile? raw;
            try
            {
                raw = JsonSerializer.Deserialize<DimensionFile>(System.IO.File.ReadAllText(path), CubeFile.Json);
            }
            catch (JsonException e)
            {
                throw new CubeModelException($"{file}: not a valid dimension file at {e.Path ?? "$"}: {e.Message}", e);
            }

            if (raw?.Name is null || raw.Levels is not { Count: > 0 })
            {
                throw new CubeModelException($"{file}: a dimension needs a name and levels.");
            }

            if (raw.Table is not null && (raw.Alias is null || raw.Key is null))
            {
                throw new CubeModelException($"{file}: a dimension with a table needs its alias and key column.");
            }

            if (!dimensions.TryAdd(raw.Name, new ConformedDimension(raw, file)))
            {
                throw new CubeModelException($"{file}: dimension '{raw.Name}' is declared twice.");
            }
        }

        return dimensions;
    }
}
