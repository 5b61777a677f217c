using CrmWarehouse.Etl.Cli;

namespace CrmWarehouse.Tests;

public sealed class CliTests
{
    [Test]
    public async Task Version_command_succeeds()
    {
        Assert.That(await CrmwCli.RunAsync(["version"]), Is.EqualTo(0));
    }
}
