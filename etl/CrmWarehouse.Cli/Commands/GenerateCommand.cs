using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Bank.LocalServers;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Cli.Commands;

/// <summary><c>crmw generate</c>: writes the synthetic bank into its four operational systems, or advances it by days.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var scale = new Option<double?>("--scale") { Description = "Size: 1 = 100,000 people, ~250k accounts, ~5M transactions (default from config)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed; the same seed gives the same bank." };
        var targets = new Option<string?>("--targets") { Description = "Comma list of postgres,mariadb,sqlite,csv (default from config)." };
        var embedded = new Option<bool>("--embedded") { Description = "Core banking and cards as SQLite files instead of servers; needs nothing but the repo." };
        var outDir = new Option<string?>("--out") { Description = "Folder for SQLite/CSV sources, ground truth and state (default data/sources)." };
        var asOf = new Option<string?>("--as-of") { Description = "Last day of the generated history, yyyy-MM-dd (default from config)." };
        var advance = new Option<string?>("--advance") { Description = "Add days to existing sources instead of generating, e.g. 1d." };
        var command = new Command("generate", "Generate the synthetic bank's source systems (PostgreSQL, MariaDB, SQLite, CSV) with ground truth.")
        {
            scale, seed, targets, embedded, outDir, asOf, advance,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = AppConfiguration.Section<GeneratorSettings>("Generator");
            var servers = AppConfiguration.Section<LocalServerSettings>("LocalServers");
            settings.Scale = parse.GetValue(scale) ?? settings.Scale;
            settings.Seed = parse.GetValue(seed) ?? settings.Seed;
            // A folder from the configuration hangs off the CrmWarehouse folder; one typed here is taken from where it is typed.
            settings.OutDir = parse.GetValue(outDir) is { } typed ? Path.GetFullPath(typed) : Path.Combine(CrmwPaths.Home, settings.OutDir);
            if (parse.GetValue(asOf) is { } day) settings.AsOf = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            try
            {
                if (parse.GetValue(advance) is { } days)
                {
                    await DayAdvancer.RunAsync(settings.OutDir, ParseDays(days), servers, Report, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (settings.Scale is <= 0 or > 50)
                    {
                        throw new ArgumentException($"--scale must be above 0 and at most 50 (1 = 100,000 people), not {settings.Scale}.");
                    }
                    var plan = Targets.Parse(parse.GetValue(targets) ?? settings.Targets, parse.GetValue(embedded));
                    await BankGenerator.RunAsync(settings, plan, servers, Report, cancellationToken).ConfigureAwait(false);
                }
                return 0;
            }
            catch (Exception e) when (e is GenerationException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"crmw generate: {e.Message}{Hint(e)}");
                return 1;
            }
        });
        return command;
    }

    private static void Report(string line) => Console.Error.WriteLine(line);

    private static int ParseDays(string text) =>
        text.EndsWith('d') && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var days) && days > 0
            ? days
            : throw new ArgumentException($"--advance takes a number of days like 1d, not '{text}'.");

    private static string Hint(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException || inner.GetType().Name is "NpgsqlException" or "MySqlException")
            {
                return " (are the local servers up? Run `./crmw sources up`, or use --embedded.)";
            }
        }
        return "";
    }
}
