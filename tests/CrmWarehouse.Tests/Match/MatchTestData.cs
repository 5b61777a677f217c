namespace CrmWarehouse.Tests.Match;

/// <summary>Where the shared benchmark files are: ../shared/datasets beside the folder holding CrmWarehouse.sln.</summary>
internal static class MatchTestData
{
    public static string FebrlDirectory { get; } = Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "febrl");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmWarehouse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No CrmWarehouse.sln above {TestContext.CurrentContext.TestDirectory}.");
    }
}
