using System.Globalization;
using System.Text;
using CrmWarehouse.Mining.Clv;
using CrmWarehouse.Mining.Input;
using CrmWarehouse.Mining.Stage;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// What every `mine` command shares: a console bound to the current standard output (so tests can capture it),
/// the one error boundary that turns bad input into a message and exit code 1, and the closing
/// machine-readable line of name=value pairs.
/// </summary>
internal static class MineReport
{
    public static Task<int> Run(Func<IAnsiConsole, CancellationToken, int> body, CancellationToken cancellationToken)
    {
        var console = CliConsole.Out;
        try
        {
            return Task.FromResult(body(console, cancellationToken));
        }
        catch (Exception e) when (e is MiningInputException or ModelFitException or ArgumentException
                                   or MiningFailedException or DuckDBException or DuckDbScriptException or InvalidOperationException or IOException)
        {
            // What the user can fix (the file, an option, data that cannot support the model, a warehouse not loaded or in use)
            // gets a message, not a stack trace.
            Console.Error.WriteLine($"crmw mine: {WarehouseLock.Explain(e) ?? e.Message}");
            return Task.FromResult(1);
        }
    }

    /// <summary>Writes the last line: space-separated name=value, numbers in invariant culture.</summary>
    public static void Headline(params (string Name, object Value)[] pairs)
    {
        var line = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        Console.Out.WriteLine(line.ToString());
    }

    /// <summary>A name usable in the headline: lower case, apostrophes dropped, other non-alphanumerics as '_'.</summary>
    public static string Slug(string name) =>
        new([.. name.ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal).Select(c => char.IsLetterOrDigit(c) ? c : '_')]);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
