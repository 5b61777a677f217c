using System.Globalization;
using Spectre.Console;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The figures of one benchmark run: printed as a table, then as one `name=value` line (the machine-readable
/// summary), and written to reports/bench-NAME.txt with the machine and time of the run.
/// </summary>
internal sealed class BenchReport(string name)
{
    private readonly List<(string Name, string Value)> _figures = [];
    private readonly List<(string Name, string Value)> _details = [];

    public string Name { get; } = name;

    public void Add(string figure, double value) => _figures.Add((figure, value.ToString("0.###", CultureInfo.InvariantCulture)));

    public void Add(string figure, long value) => _figures.Add((figure, value.ToString(CultureInfo.InvariantCulture)));

    public void AddRate(string figure, long count, double seconds) => Add(figure, Math.Round(count / seconds));

    public void AddSeconds(string figure, double seconds) => Add(figure, Math.Round(seconds, 3));

    /// <summary>A line of the table and the report file that is not part of the summary line (e.g. one per query).</summary>
    public void AddDetail(string name, string text) => _details.Add((name, text));

    /// <summary>The detail lines, in the order added.</summary>
    public IReadOnlyList<(string Name, string Value)> Details => _details;

    public string SummaryLine => string.Join(' ', _figures.Select(f => $"{f.Name}={f.Value}"));

    public void Print(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (figure, value) in _details.Concat(_figures))
        {
            table.AddRow(figure, value);
        }

        console.Write(table);
    }

    public string Write(string directory, TimeProvider clock)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bench-{Name}.txt");
        var lines = new List<string>
        {
            $"# crmw bench {Name}",
            $"time_utc={clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} cores={Environment.ProcessorCount} os={System.Runtime.InteropServices.RuntimeInformation.OSDescription} dotnet={Environment.Version}",
        };
        lines.AddRange(_details.Select(d => $"{d.Name}: {d.Value}"));
        lines.AddRange(_figures.Select(f => $"{f.Name}={f.Value}"));
        lines.Add(SummaryLine);
        File.WriteAllLines(path, lines);
        return path;
    }
}
