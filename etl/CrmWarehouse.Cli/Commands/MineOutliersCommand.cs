using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Outliers;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine outliers`: rule-based and robust-z alerts on account transactions.</summary>
internal static class MineOutliersCommand
{
    public static Command Create()
    {
        var defaults = new OutlierRules();
        var file = new MineTransactionOptions("account");
        var threshold = new Option<double>("--threshold") { Description = "Reporting threshold structuring stays under.", DefaultValueFactory = _ => defaults.ReportingThreshold };
        var band = new Option<double>("--near-band") { Description = "\"Just under\" = within this fraction below the threshold.", DefaultValueFactory = _ => defaults.NearBand };
        var count = new Option<int>("--structuring-count") { Description = "Just-under amounts within the window that make an alert.", DefaultValueFactory = _ => defaults.StructuringCount };
        var window = new Option<int>("--window-days") { Description = "Rolling window for structuring, in days.", DefaultValueFactory = _ => defaults.WindowDays };
        var dailyAmount = new Option<double>("--daily-amount") { Description = "Daily total per account that raises an alert.", DefaultValueFactory = _ => defaults.DailyAmountLimit };
        var dailyCount = new Option<int>("--daily-count") { Description = "Transactions per account and day that raise an alert.", DefaultValueFactory = _ => defaults.DailyCountLimit };
        var z = new Option<double>("--z") { Description = "Robust z-score limit for a day against the account's own days.", DefaultValueFactory = _ => defaults.RobustZLimit };
        var top = new Option<int>("--top") { Description = "How many alerts to list.", DefaultValueFactory = _ => 20 };
        var warehouseAsOf = MineWarehouseCommand.AsOf();
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("outliers", "Alerts for review: structuring just under the threshold, split deposits, daily amount, velocity, robust z-score.")
        {
            threshold, band, count, window, dailyAmount, dailyCount, z, top,
        };
        file.AddTo(command);
        command.Options.Add(warehouseAsOf);
        command.Options.Add(refresh);
        command.SetAction((parse, ct) => !file.HasInput(parse) ? MineWarehouseCommand.Show(parse, "outliers", parse.GetValue(warehouseAsOf), parse.GetValue(refresh), null, ct,
            Given(parse, [threshold, band, count, window, dailyAmount, dailyCount, z]) ? options => options with
            {
                // Options given on the command line win over the configured ones, on the warehouse as on a file.
                Outliers = options.Outliers with
                {
                    ReportingThreshold = Pick(parse, threshold, options.Outliers.ReportingThreshold), NearBand = Pick(parse, band, options.Outliers.NearBand),
                    StructuringCount = Pick(parse, count, options.Outliers.StructuringCount), WindowDays = Pick(parse, window, options.Outliers.WindowDays),
                    DailyAmountLimit = Pick(parse, dailyAmount, options.Outliers.DailyAmountLimit), DailyCountLimit = Pick(parse, dailyCount, options.Outliers.DailyCountLimit),
                    RobustZLimit = Pick(parse, z, options.Outliers.RobustZLimit),
                },
            } : null) : MineReport.Run((console, token) =>
        {
            var rules = new OutlierRules
            {
                ReportingThreshold = parse.GetValue(threshold), NearBand = parse.GetValue(band), StructuringCount = parse.GetValue(count),
                WindowDays = parse.GetValue(window), DailyAmountLimit = parse.GetValue(dailyAmount), DailyCountLimit = parse.GetValue(dailyCount),
                RobustZLimit = parse.GetValue(z),
            };
            var alerts = new OutlierDetector(rules).Detect(file.Read(parse), token);

            var byRule = Enum.GetValues<AlertRule>().ToDictionary(r => r, r => alerts.Count(a => a.Rule == r));
            var summary = new Table { Title = new TableTitle("Alerts by rule") }.AddColumns("rule", "alerts", "accounts");
            foreach (var rule in Enum.GetValues<AlertRule>())
            {
                summary.AddRow(rule.ToString(), byRule[rule].ToString(CultureInfo.InvariantCulture),
                    alerts.Where(a => a.Rule == rule).Select(a => a.Account).Distinct().Count().ToString(CultureInfo.InvariantCulture));
            }

            console.Write(summary);
            var list = new Table { Title = new TableTitle($"First {parse.GetValue(top)} alerts (structuring first)") }.AddColumns("account", "date", "rule", "reason");
            foreach (var a in alerts.OrderBy(a => a.Rule).ThenBy(a => a.Account, StringComparer.Ordinal).ThenBy(a => a.Date).Take(parse.GetValue(top)))
            {
                list.AddRow(Markup.Escape(a.Account), a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.Rule.ToString(), Markup.Escape(a.Reason));
            }

            console.Write(list);
            MineReport.Headline(
                ("alerts", alerts.Count), ("accounts", alerts.Select(a => a.Account).Distinct().Count()),
                ("structuring", byRule[AlertRule.Structuring]), ("split_deposits", byRule[AlertRule.SplitDeposits]),
                ("daily_amount", byRule[AlertRule.DailyAmount]), ("velocity", byRule[AlertRule.Velocity]), ("robust_z", byRule[AlertRule.RobustZ]));
            return 0;
        }, ct));
        return command;
    }

    private static bool Given(ParseResult parse, IEnumerable<Option> options) => options.Any(o => parse.GetResult(o) is { Implicit: false });

    private static T Pick<T>(ParseResult parse, Option<T> option, T configured) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : configured;
}
