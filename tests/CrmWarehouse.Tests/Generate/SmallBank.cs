using CrmWarehouse.Bank.Generate;

namespace CrmWarehouse.Tests.Generate;

/// <summary>Small banks shared by the generator tests: building one takes a fraction of a second.</summary>
internal static class SmallBank
{
    public static GeneratorSettings Settings(double scale = 0.03, int seed = 7, string? outDir = null) => new()
    {
        Scale = scale,
        Seed = seed,
        OutDir = outDir ?? Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N")),
    };

    private static readonly Lazy<BankModel> Shared = new(() => BankModel.Build(Settings()));

    /// <summary>A 3,000-person bank, built once for the distribution tests (they only read it).</summary>
    public static BankModel Model => Shared.Value;
}
