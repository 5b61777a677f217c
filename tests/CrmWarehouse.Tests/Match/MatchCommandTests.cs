using CrmWarehouse.Etl.Cli;

namespace CrmWarehouse.Tests.Match;

public sealed class MatchCommandTests
{
    [Test]
    public async Task Match_eval_with_scale_says_it_needs_the_generated_bank()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.That(await CrmwCli.RunAsync(["match", "eval", "--scale", "1"]), Is.EqualTo(1));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.That(error.ToString(), Does.Contain("needs the generated bank (issue 3), not yet available"));
    }
}
