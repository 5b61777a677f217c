using System.Reflection;
using System.Text.RegularExpressions;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Tests.Warehouse;

/// <summary>
/// No SQL shipped with the warehouse, the load or mining reads the wall clock: every stage counts from the batch's
/// bound <c>$as_of</c>, so re-running a batch for the same business date on another day changes nothing.
/// </summary>
public sealed partial class WallClockFreeSqlTests
{
    private static IEnumerable<TestCaseData> Scripts() =>
        new[] { typeof(BatchRunner).Assembly, typeof(CubeCompiler).Assembly, typeof(Migrator).Assembly }
            .SelectMany(assembly => assembly.GetManifestResourceNames()
                .Where(name => name.EndsWith(".sql", StringComparison.Ordinal))
                .Select(name => new TestCaseData(assembly, name).SetArgDisplayNames($"{assembly.GetName().Name}:{name}")));

    [Test]
    public void There_are_scripts_to_check() => Assert.That(Scripts().Count(), Is.GreaterThan(40));

    [TestCaseSource(nameof(Scripts))]
    public void Script_reads_no_wall_clock(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var code = Comment().Replace(reader.ReadToEnd(), " ");
        Assert.That(WallClock().Matches(code).Select(m => m.Value), Is.Empty);
    }

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b(?:current_date|current_timestamp|current_time|localtimestamp|localtime|now\s*\(|today\s*\(|get_current_\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex WallClock();
}
