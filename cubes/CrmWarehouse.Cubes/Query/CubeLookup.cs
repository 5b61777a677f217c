using CrmWarehouse.Cubes.Model;

namespace CrmWarehouse.Cubes.Query;

/// <summary>Finding the cube a query names: an unknown name is a mistake in the query, reported with the cubes there are.</summary>
public static class CubeLookup
{
    /// <summary>The cube of that name, or a <see cref="CubeQueryException"/> naming it and the cubes there are.</summary>
    public static CubeDefinition Get(this CubeCatalog catalog, string name)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Find(name)
            ?? throw new CubeQueryException($"Unknown cube '{name}'. Cubes: {string.Join(", ", catalog.Cubes.Select(c => c.Name))}.");
    }
}
