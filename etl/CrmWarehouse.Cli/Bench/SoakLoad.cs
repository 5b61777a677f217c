using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// One day of the soak: `crmw generate --advance 1d`, then `crmw load`, each a process of its own as a user would run
/// them. The load must have been handed to the service (it says so) and published a batch; anything else is an error.
/// </summary>
internal sealed partial record SoakLoad(int Number, TimeSpan At, double GenerateSeconds, double LoadSeconds, long? BatchId, IReadOnlyList<SoakError> Errors)
{
    /// <summary>What `crmw load` writes when the service took the batch (LoadCommand).</summary>
    private const string HandedOver = "holds the warehouse; it runs this load as";

    public bool Completed => Errors.Count == 0;

    /// <summary>The service's resident memory once the load (mining included) has ended: the trough of each day's sawtooth.</summary>
    public long RssAfterBytes { get; init; }

    public static async Task<SoakLoad> RunAsync(int number, string home, Stopwatch clock, CancellationToken cancellationToken)
    {
        var errors = new List<SoakError>();
        var at = clock.Elapsed;
        var generate = await CrmwProcess.RunAsync(home, ["generate", "--advance", "1d"], cancellationToken).ConfigureAwait(false);
        var generated = clock.Elapsed;
        if (generate.ExitCode != 0)
        {
            errors.Add(new SoakError(at, "generate", $"load {number}: crmw generate --advance 1d failed (exit code {generate.ExitCode}): {LastLines(generate.Errors)}"));
        }

        var load = await CrmwProcess.RunAsync(home, ["load"], cancellationToken).ConfigureAwait(false);
        var output = load.Output + load.Errors;
        var batch = Published().Match(output) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null;
        if (load.ExitCode != 0)
        {
            errors.Add(new SoakError(generated, "load", $"load {number}: crmw load failed (exit code {load.ExitCode}): {LastLines(load.Errors)}"));
        }
        else if (!output.Contains(HandedOver, StringComparison.Ordinal))
        {
            errors.Add(new SoakError(generated, "load", $"load {number}: crmw load ran the batch itself instead of handing it to the service: {LastLines(load.Errors)}"));
        }
        else if (batch is null)
        {
            errors.Add(new SoakError(generated, "load", $"load {number}: crmw load ended without saying which batch it published: {LastLines(load.Output)}"));
        }

        return new SoakLoad(number, at, (generated - at).TotalSeconds, (clock.Elapsed - generated).TotalSeconds, batch, errors);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"load {Number} at {At:hh\\:mm\\:ss}: {(BatchId is { } id ? $"batch {id} published" : "no batch")}, generate {GenerateSeconds:0.0} s, load {LoadSeconds:0.0} s, service RSS after it {RssAfterBytes / 1e6:0} MB{(Completed ? string.Empty : " (failed)")}");

    /// <summary>The last lines a process wrote, on one line: where its own message is.</summary>
    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = string.Join(" / ", lines.TakeLast(3));
        return last.Length > 400 ? last[..400] + "…" : last;
    }

    [GeneratedRegex(@"Batch (\d+) published")]
    private static partial Regex Published();
}
