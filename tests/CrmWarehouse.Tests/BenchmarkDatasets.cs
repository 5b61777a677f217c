namespace CrmWarehouse.Tests;

/// <summary>
/// The public benchmark files in tests/datasets (FEBRL, CDNOW, Groceries, Bank Marketing; their sources and licences
/// are in its README), found from the folder holding CrmWarehouse.sln so that a bare clone has everything it needs.
/// </summary>
internal static class BenchmarkDatasets
{
    public static string Root { get; } = FindRoot();

    public static string FebrlDirectory => Path.Combine(Root, "febrl");

    public static string File(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: tests/datasets/README.md lists the files the tests use.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "CrmWarehouse.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "datasets");
            }
        }

        throw new DirectoryNotFoundException($"No CrmWarehouse.sln above {TestContext.CurrentContext.TestDirectory}.");
    }
}
