using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Mining.Clv;
using CrmWarehouse.Mining.Input;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine clv`: BG/NBD + Gamma-Gamma fitted on a transactions file, then CLV per customer.</summary>
internal static class MineClvCommand
{
    public static Command Create()
    {
        var file = new MineTransactionOptions("customer");
        var asOf = new Option<string?>("--as-of") { Description = "End of the calibration period, yyyy-MM-dd (default: the middle of the observed period; the rest is the holdout)." };
        var horizon = new Option<int>("--horizon-months") { Description = "CLV horizon in months.", DefaultValueFactory = _ => 12 };
        var discount = new Option<double>("--discount-rate") { Description = "Monthly discount rate for CLV.", DefaultValueFactory = _ => 0.01 };
        var top = new Option<int>("--top") { Description = "How many customers to list.", DefaultValueFactory = _ => 10 };
        var refresh = MineWarehouseCommand.Refresh();
        var command = new Command("clv", "Fits BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) by maximum likelihood; P(alive), expected purchases and CLV per customer.")
        {
            asOf, horizon, discount, top,
        };
        file.AddTo(command);
        command.Options.Add(refresh);
        command.SetAction((parse, ct) => !file.HasInput(parse) ? MineWarehouseCommand.Show(parse, "clv", parse.GetValue(asOf), parse.GetValue(refresh), null, ct) : MineReport.Run((console, token) =>
        {
            var started = TimeProvider.System.GetTimestamp();
            var transactions = file.ReadAll(parse);
            var calibrationEnd = MineTransactionOptions.ParseDate(parse.GetValue(asOf), "--as-of") ?? MiddleOf(transactions);
            var customers = CustomerHistory.Summarise(transactions, calibrationEnd);
            var (purchases, ll) = BgNbdModel.Fit(customers, token);
            var (spend, _) = GammaGammaModel.Fit(customers, token);
            var lifetime = new LifetimeValue(purchases, spend, parse.GetValue(horizon), parse.GetValue(discount));
            var holdout = HoldoutComparison(transactions, customers, purchases, calibrationEnd);
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;

            console.MarkupLine($"[bold]Calibration[/] up to {calibrationEnd:yyyy-MM-dd}: {customers.Count} customers, {customers.Sum(c => c.Frequency)} repeat purchases, time in weeks.");
            var parameters = new Table().AddColumns("model", "parameters", "log-likelihood");
            parameters.AddRow("BG/NBD", $"r={purchases.R:F4} alpha={purchases.Alpha:F4} a={purchases.A:F4} b={purchases.B:F4}", MineReport.Fixed(ll, 2));
            parameters.AddRow("Gamma-Gamma", $"p={spend.P:F4} q={spend.Q:F4} v={spend.V:F4}", string.Empty);
            console.Write(parameters);
            if (holdout is { } h)
            {
                console.MarkupLine($"Holdout after calibration: {h.Actual} actual repeat purchases, {h.Predicted:F1} predicted by BG/NBD.");
            }

            WriteTopCustomers(console, customers, purchases, spend, lifetime, parse.GetValue(top));
            MineReport.Headline(
                ("r", MineReport.Fixed(purchases.R, 4)), ("alpha", MineReport.Fixed(purchases.Alpha, 4)),
                ("a", MineReport.Fixed(purchases.A, 4)), ("b", MineReport.Fixed(purchases.B, 4)), ("ll", MineReport.Fixed(ll, 2)),
                ("p", MineReport.Fixed(spend.P, 4)), ("q", MineReport.Fixed(spend.Q, 4)), ("v", MineReport.Fixed(spend.V, 4)),
                ("customers", customers.Count), ("seconds", MineReport.Fixed(seconds, 2)));
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Default calibration end: halfway through the observed period, as Fader, Hardie and Lee split CDNOW (39 + 39 weeks).</summary>
    private static DateOnly MiddleOf(List<Transaction> transactions)
    {
        var first = transactions.Min(t => t.Date).DayNumber;
        var last = transactions.Max(t => t.Date).DayNumber;
        return DateOnly.FromDayNumber(first + (last - first) / 2);
    }

    private static (int Actual, double Predicted)? HoldoutComparison(
        List<Transaction> transactions, IReadOnlyList<CustomerHistory> customers, BgNbdModel model, DateOnly calibrationEnd)
    {
        var last = transactions.Max(t => t.Date);
        if (last <= calibrationEnd)
        {
            return null;
        }

        var known = customers.Select(c => c.Customer).ToHashSet(StringComparer.Ordinal);
        var actual = transactions.Where(t => t.Date > calibrationEnd && known.Contains(t.Party)).Select(t => (t.Party, t.Date)).Distinct().Count();
        var weeks = (last.DayNumber - calibrationEnd.DayNumber) / 7.0;
        var predicted = customers.Sum(c => model.ExpectedPurchases(weeks, c.Frequency, c.Recency, c.Age));
        return (actual, predicted);
    }

    private static void WriteTopCustomers(
        IAnsiConsole console, IReadOnlyList<CustomerHistory> customers, BgNbdModel purchases, GammaGammaModel spend, LifetimeValue lifetime, int top)
    {
        var horizonWeeks = lifetime.HorizonMonths * LifetimeValue.WeeksPerMonth;
        var table = new Table().AddColumns("customer", "x", "t_x", "T", "P(alive)", $"E[[purchases]] {lifetime.HorizonMonths}m", "E[[spend]]", "CLV");
        table.Title = new TableTitle($"Top {top} customers by CLV ({lifetime.HorizonMonths} months, {lifetime.MonthlyDiscountRate:P1}/month discount)");
        foreach (var (c, clv) in customers.Select(c => (c, clv: lifetime.For(c))).OrderByDescending(p => p.clv).Take(top))
        {
            table.AddRow(
                c.Customer, c.Frequency.ToString(CultureInfo.InvariantCulture), MineReport.Fixed(c.Recency, 2), MineReport.Fixed(c.Age, 2),
                MineReport.Fixed(purchases.ProbabilityAlive(c.Frequency, c.Recency, c.Age), 3),
                MineReport.Fixed(purchases.ExpectedPurchases(horizonWeeks, c.Frequency, c.Recency, c.Age), 2),
                MineReport.Fixed(spend.ExpectedSpend(c.Frequency, c.MeanRepeatValue), 2), MineReport.Fixed(clv, 2));
        }

        console.Write(table);
    }
}
