using System.Diagnostics;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests;

/// <summary>
/// The real `crmw` process with its standard output and error redirected to pipes, as in `crmw … | less` or
/// `crmw … > report.txt`: plain text, no ANSI escape codes, and every table row on one line however wide.
/// TERM says the terminal could show colours, so only knowing that the output is not a terminal keeps them out.
/// </summary>
public sealed class PipedOutputTests
{
    private const string Escape = "\u001b[";

    [Test]
    public async Task Mine_rules_piped_keeps_each_wide_rule_on_one_line_without_escape_codes()
    {
        var (code, output, error) = await Crmw(null, "mine", "rules", "--input", BenchmarkDatasets.File("groceries/groceries.csv"), "--support", "0.001", "--confidence", "0.8");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output + error, Does.Not.Contain(Escape));
        Assert.That(Lines(output), Has.Some.Contains("{oil, other vegetables, tropical fruit, whole milk, yogurt} => {root vegetables}"));
        AssertNoWrappedRows(output);
    }

    [Test]
    public async Task Mine_tree_piped_prints_whole_rules_without_escape_codes()
    {
        var (code, output, error) = await Crmw(null, "mine", "tree", "--input", BenchmarkDatasets.File("bank-marketing/bank.csv"), "--target", "y", "--ignore", "duration", "--no-prune", "--max-depth", "3");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output + error, Does.Not.Contain(Escape));
        var rules = Lines(output).Where(l => l.Contains("│ IF ", StringComparison.Ordinal)).ToList();
        Assert.That(rules, Is.Not.Empty.And.All.Contains(" THEN "), "a rule is never split over two lines");
        Assert.That(rules.Max(l => l.Length), Is.GreaterThan(80), "rules wider than the 80 columns Spectre assumes off a terminal");
        AssertNoWrappedRows(output);
    }

    [Test]
    public async Task Sql_table_piped_keeps_a_wide_row_on_one_line_and_null_uncoloured()
    {
        using var warehouse = new TempDatabase();
        var wide = new string('x', 200);

        var (code, output, error) = await Crmw(null, "sql", $"SELECT '{wide}' AS wide, NULL AS nothing, 42 AS answer", "--db", warehouse.Path);

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Not.Contain(Escape));
        Assert.That(Lines(output), Has.One.Contains(wide).And.One.Contains("NULL").And.One.Contains("42"), "the one row on one line");
    }

    [Test]
    public async Task Demo_piped_prints_its_progress_and_summary_as_plain_text()
    {
        var home = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        CopyDirectory(Path.Combine(BenchmarkDatasets.Root, "..", "..", "config"), Path.Combine(home, "config"));
        try
        {
            var (code, output, error) = await Crmw(home, "demo", "--scale", "0.02", "--no-serve");

            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output, Does.Contain("Batch 1 published").And.Contain("core.transactions"));
            Assert.That(output, Does.Not.Contain(Escape), "the summary on standard output");
            Assert.That(error, Does.Not.Contain(Escape), "the progress on standard error");
            AssertNoWrappedRows(output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A wrapped row shows as a table line with an empty cell where the row's other cells go on.</summary>
    private static void AssertNoWrappedRows(string output)
    {
        var rows = Lines(output).Where(l => l.StartsWith('│')).ToList();
        Assert.That(rows, Is.Not.Empty, "the output has a table");
        foreach (var row in rows)
        {
            var cells = row.Trim('│').Split('│');
            Assert.That(cells, Has.None.Matches<string>(string.IsNullOrWhiteSpace), $"a row wrapped: {row}");
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries);

    private static async Task<(int Code, string Output, string Error)> Crmw(string? home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "crmw.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        if (home is not null)
        {
            start.Environment["CRMW_HOME"] = home;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
