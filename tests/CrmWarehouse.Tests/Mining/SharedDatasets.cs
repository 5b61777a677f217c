namespace CrmWarehouse.Tests.Mining;

/// <summary>Paths to the public benchmark data in ../shared/datasets, found from the repository root.</summary>
internal static class SharedDatasets
{
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Test data kept beside these tests (copied to the output directory).</summary>
    public static string TestData(string fileName) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Mining", "data", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "CrmWarehouse.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
            }
        }

        throw new DirectoryNotFoundException("No folder holding CrmWarehouse.sln above the test assembly.");
    }
}
