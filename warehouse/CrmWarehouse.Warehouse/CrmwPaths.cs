namespace CrmWarehouse.Warehouse;

/// <summary>
/// Where CrmWarehouse keeps its files: the repository (or install) folder, found from CRMW_HOME (set by ./crmw),
/// else by walking up from the application to the folder holding CrmWarehouse.sln, else the current directory.
/// Default paths (data/, reports/, build/) hang off it, so commands work from any directory;
/// paths a user types stay relative to where they typed them.
/// </summary>
public static class CrmwPaths
{
    private static readonly Lazy<string> HomeDirectory = new(FindHome);

    public static string Home => HomeDirectory.Value;

    public static string Data => Path.Combine(Home, "data");

    /// <summary>The cube model (config/cubes): one place, so the batch's rollups, the service and the CLI read the same cubes.</summary>
    public static string Cubes => Path.Combine(Home, "config", "cubes");

    /// <summary>The roles every door enforces (config/roles.json): the service and `crmw user` read the same file.</summary>
    public static string Roles => Path.Combine(Home, "config", "roles.json");

    public static string Reports => Path.Combine(Home, "reports");

    /// <summary>The public benchmark data shipped with the repository (tests/datasets/README.md says where each file is from).</summary>
    public static string Datasets => Path.Combine(Home, "tests", "datasets");

    public static string Scratch => Path.Combine(Home, "build", "scratch");

    private static string FindHome()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CRMW_HOME");
        if (!string.IsNullOrWhiteSpace(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmWarehouse.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
