namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// The functions ad-hoc SQL may call, whatever the role: DuckDB's built-ins that compute on the values given to them
/// (allowed_functions.txt, made by allowed_functions.sql and reviewed), and the few table functions that generate rows
/// without reading anything. Everything not listed is refused, so a function a new DuckDB adds stays refused until
/// someone reads it and adds it.
/// </summary>
internal static class FunctionAllowList
{
    /// <summary>Table functions that read nothing: number series and unnesting a list given in the query.</summary>
    private static readonly HashSet<string> TableFunctions = new(StringComparer.OrdinalIgnoreCase) { "range", "generate_series", "unnest" };

    private static readonly HashSet<string> Functions = Load();

    /// <summary>Built-in functions live in the system catalog's main schema; a query may name them so, or not at all.</summary>
    private static readonly HashSet<string> BuiltInCatalogs = new(StringComparer.OrdinalIgnoreCase) { "", "system" };

    private static readonly HashSet<string> BuiltInSchemas = new(StringComparer.OrdinalIgnoreCase) { "", "main" };

    public static IReadOnlySet<string> Names => Functions;

    public static bool AllowsFunction(CatalogName function) => IsBuiltIn(function) && Functions.Contains(function.Name);

    public static bool AllowsTableFunction(CatalogName function) => IsBuiltIn(function) && TableFunctions.Contains(function.Name);

    private static bool IsBuiltIn(CatalogName function) => BuiltInCatalogs.Contains(function.Catalog) && BuiltInSchemas.Contains(function.Schema);

    /// <summary>The query that lists DuckDB's functions as allowed_functions.sql filters them (for the test that compares).</summary>
    public static string GeneratingSql => Resource("allowed_functions.sql");

    private static HashSet<string> Load() =>
        new(Resource("allowed_functions.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    private static string Resource(string name)
    {
        using var stream = typeof(FunctionAllowList).Assembly.GetManifestResourceStream($"Serving/{name}")
            ?? throw new InvalidOperationException($"The embedded resource Serving/{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
