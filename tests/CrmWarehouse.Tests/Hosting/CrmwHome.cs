using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>
/// A throw-away CrmWarehouse folder for tests that start crmw as a process: the repository's cube files and base
/// settings copied in, none of its environment files (appsettings.Servers.json and the like), no data yet.
/// </summary>
internal static class CrmwHome
{
    public static string Create()
    {
        var home = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        var repoConfig = Path.Combine(CrmwPaths.Home, "config");
        foreach (var file in Directory.GetFiles(repoConfig, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("appsettings.", StringComparison.Ordinal) || f.EndsWith("appsettings.json", StringComparison.Ordinal)))
        {
            var target = Path.Combine(home, "config", Path.GetRelativePath(repoConfig, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return home;
    }
}
