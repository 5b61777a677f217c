using CrmWarehouse.Cli.Commands;

namespace CrmWarehouse.Tests;

public sealed class CliTests
{
    [Test]
    public async Task Version_prints_the_crmwarehouse_and_duckdb_versions()
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.That(await CrmwCli.RunAsync(["version"]), Is.EqualTo(0));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.That(output.ToString(), Does.Match(@"^CrmWarehouse \d+\.\d+").And.Contain("DuckDB v1.5.6"));
    }
}
