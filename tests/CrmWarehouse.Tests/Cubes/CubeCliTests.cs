using CrmWarehouse.Etl.Cli;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>`crmw cube …` against a warehouse file, output captured from the console.</summary>
[NonParallelizable]
public sealed class CubeCliTests
{
    [Test]
    public async Task Cube_list_names_the_five_cubes()
    {
        var (code, output) = await Run("cube", "list").ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("transactions").And.Contain("churn").And.Contain("客户画像"));
    }

    [Test]
    public async Task Cube_query_prints_csv_from_a_rollup_after_refresh()
    {
        using var warehouse = new CubeWarehouse();
        var path = warehouse.Connection.DataSource;
        warehouse.Connection.Dispose();
        Assert.That((await Run("cube", "refresh", "--db", path).ConfigureAwait(false)).Code, Is.EqualTo(0));
        var (code, output) = await Run("cube", "query", "churn", "--measures", "opened,closed", "--by", "date.year",
            "--where", "date.year=2025..2025", "--where", "reason.category=none|natural", "--format", "csv", "--db", path).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).First(), Is.EqualTo("date.year,opened,closed"));
        Assert.That(output, Does.Contain("\n2025,"));
    }

    [Test]
    public async Task Cube_query_explain_prints_sql_and_an_unknown_measure_fails_naming_it()
    {
        using var warehouse = new CubeWarehouse();
        var path = warehouse.Connection.DataSource;
        warehouse.Connection.Dispose();
        var (code, output) = await Run("cube", "query", "transactions", "--measures", "amount", "--by", "channel.type", "--where", "last=12 months", "--explain", "--db", path).ConfigureAwait(false);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("-- rollup: (none: reads the facts)").And.Contain("GROUP BY ch.type"));
        var (failed, error) = await Run("cube", "query", "transactions", "--measures", "amout", "--db", path).ConfigureAwait(false);
        Assert.That(failed, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("crmw cube query: Unknown measure 'amout' in cube 'transactions'"));
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var (original, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var code = await CrmwCli.RunAsync(args).ConfigureAwait(false);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
