using CrmWarehouse.Cli.Commands;

namespace CrmWarehouse.Tests.Match;

/// <summary>
/// `crmw match eval --scale S` itself runs the nightly batch over a generated bank; that path is covered on a small
/// bank by NightlyPipelineTests (same scoring code). Here: a bad scale is refused before anything is generated.
/// </summary>
public sealed class MatchCommandTests
{
    [TestCase("0")]
    [TestCase("51")]
    public async Task Match_eval_refuses_a_scale_out_of_range(string scale)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.That(await CrmwCli.RunAsync(["match", "eval", "--scale", scale]), Is.EqualTo(1));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.That(error.ToString(), Does.Contain($"--scale {scale} is out of range"));
    }
}
