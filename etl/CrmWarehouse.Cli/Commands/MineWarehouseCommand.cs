using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Mining.Stage;
using Serilog.Extensions.Logging;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw mine STEP` on the warehouse (no --input): runs the mining stage for the as-of date when it has not run for it
/// yet (or with --refresh), then prints the step's marts. `crmw mine all` always runs the whole stage.
/// </summary>
internal static class MineWarehouseCommand
{
    public static Option<string?> AsOf() => new("--as-of") { Description = "On the warehouse: the business date to score, yyyy-MM-dd (default: the warehouse's latest)." };

    public static Option<bool> Refresh() => new("--refresh") { Description = "On the warehouse: run the mining stage again even if this date has been mined." };

    public static Option<ResultFormat> Format() => new("--format")
    {
        Description = "On the warehouse: table, csv (each table after a '# title' line) or json (one object). With --input the report is a table.",
        DefaultValueFactory = _ => ResultFormat.Table,
    };

    /// <summary>A warehouse-only command for a step that has no file form (profile, loyalty, profitability, contribution, churn).</summary>
    public static Command Create(string step, string description)
    {
        var asOf = AsOf();
        var refresh = Refresh();
        var command = new Command(step, description + " On the warehouse.") { asOf, refresh };
        Option<string>? group = null;
        if (step == "profile")
        {
            group = new Option<string>("--group") { Description = "The group to describe against the rest, column=value.", DefaultValueFactory = _ => ProfileGroup.Default.Name };
            command.Options.Add(group);
        }

        command.SetAction((parse, ct) => Show(parse, step, parse.GetValue(asOf), parse.GetValue(refresh), group is null ? null : parse.GetValue(group), ct));
        return command;
    }

    /// <summary>
    /// Prints one step from the marts of the as-of date, mining it first when needed. <paramref name="overrides"/>
    /// changes the configured options (thresholds given on the command line): the date is then mined again with them.
    /// </summary>
    public static Task<int> Show(ParseResult parse, string step, string? asOfText, bool refresh, string? group, CancellationToken cancellationToken,
        Func<MiningOptions, MiningOptions>? overrides = null) =>
        MineReport.Run((_, token) =>
        {
            var asOf = MineTransactionOptions.ParseDate(asOfText, "--as-of");
            var configuration = CrmwConfiguration.Build();
            var options = MiningSetup.Options(configuration);
            if (overrides is not null)
            {
                options = overrides(options).Validated();
                refresh = true;
            }

            var format = parse.CommandResult.Command.Options.OfType<Option<ResultFormat>>().FirstOrDefault(o => o.Name == "--format") is { } formatOption
                ? parse.GetValue(formatOption)
                : ResultFormat.Table;
            var profileGroup = group is null ? null : ProfileGroup.Parse(group);
            using var serilog = (Serilog.Core.Logger)SerilogSetup.CreateFileOnly(configuration);
            using var loggers = new SerilogLoggerFactory(serilog);
            using var warehouse = MiningSetup.OpenWarehouse(configuration);
            var date = MiningSetup.EnsureMined(warehouse, options, asOf, refresh, loggers.CreateLogger("mining"), token);
            if (profileGroup is not null && profileGroup != ProfileGroup.Default)
            {
                MiningStage.Profile(new MiningSql(warehouse, date, options), profileGroup, [], token);
            }

            MineWarehouseReport.Print(warehouse, step, date, profileGroup?.Name, format, options, token);
            return 0;
        }, cancellationToken);

    public static Command All()
    {
        var asOf = AsOf();
        var command = new Command("all", "Runs the whole mining stage on the warehouse for one as-of date and prints each step's headline.") { asOf };
        command.SetAction((parse, ct) => MineReport.Run((_, token) =>
        {
            var date = MineTransactionOptions.ParseDate(parse.GetValue(asOf), "--as-of");
            var run = RunStage(date, "cli", token);
            PrintRun(run);
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Runs the stage on the configured warehouse.</summary>
    public static MiningRun RunStage(DateOnly? asOf, string trigger, CancellationToken cancellationToken)
    {
        var configuration = CrmwConfiguration.Build();
        using var serilog = (Serilog.Core.Logger)SerilogSetup.CreateFileOnly(configuration);
        using var loggers = new SerilogLoggerFactory(serilog);
        using var warehouse = MiningSetup.OpenWarehouse(configuration);
        return new MiningStage(MiningSetup.Options(configuration), TimeProvider.System, loggers.CreateLogger("mining")).Run(warehouse, asOf, trigger, null, cancellationToken);
    }

    public static void PrintRun(MiningRun run)
    {
        Console.Out.WriteLine($"Mining as of {run.AsOf:yyyy-MM-dd} (run {run.RunId}): {run.TotalSeconds:F1} s");
        foreach (var (step, seconds) in run.StepSeconds)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step,-16} {seconds,7:F2} s"));
        }

        Console.Out.WriteLine("Headline figures:");
        foreach (var (name, value) in run.Headline.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            Console.Out.WriteLine($"  {name,-32} {MineWarehouseReport.Format(value)}");
        }

        string[] keys = ["customers", "top20_profit_share", "rules", "churn.auc", "churn.precision_at_10", "segments.k", "alerts.structuring"];
        MineReport.Headline([.. keys.Select(k => (MineWarehouseReport.Name(k), (object)MineWarehouseReport.Format(run.Headline.GetValueOrDefault(k, double.NaN)))),
            ("seconds", MineReport.Fixed(run.TotalSeconds, 2))]);
    }
}
