namespace CrmWarehouse.Cubes.Model;

/// <summary>The cubes of config/cubes/*.json, with the dimensions of config/cubes/dimensions/*.json they share, loaded and validated once.</summary>
public sealed class CubeCatalog(IReadOnlyList<CubeDefinition> cubes)
{
    public IReadOnlyList<CubeDefinition> Cubes { get; } = cubes;

    public static CubeCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CubeModelException($"The cube folder {directory} does not exist.");
        }

        // Conformed dimensions live in dimensions/, declared once; the cubes reference them.
        var dimensions = ConformedDimension.LoadAll(Path.Combine(directory, "dimensions"));
        var cubes = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(path => CubeLoader.Load(path, dimensions)).ToList();
        var twice = cubes.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new CubeModelException($"Cube '{twice.Key}' is declared in both {string.Join(" and ", twice.Select(c => c.SourceFile))}.");
        }

        return new CubeCatalog(cubes);
    }

    /// <summary>The cube of that name, or null.</summary>
    public CubeDefinition? Find(string name) => Cubes.FirstOrDefault(c => c.Name == name);
}
