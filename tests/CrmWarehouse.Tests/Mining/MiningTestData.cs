namespace CrmWarehouse.Tests.Mining;

/// <summary>Small hand-made files kept beside the mining tests (copied to the output directory).</summary>
internal static class MiningTestData
{
    public static string File(string fileName) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Mining", "data", fileName);
}
