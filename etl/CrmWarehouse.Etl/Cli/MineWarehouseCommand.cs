using System.CommandLine;
using System.Globalization;
using CrmWarehouse.Etl.Mine;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using Spectre.Console;

namespace CrmWarehouse.Etl.Cli;

/// <summary>
/// `crmw mine all | profitability | loyalty [--as-of DATE] [--db PATH]`: the mining stage on the warehouse. `all` (re)computes the
/// marts of the as-of date and writes the scores back to the customers; the others print from the marts (computing
/// them first when that date has none). No names or numbers of customers are printed: customers are golden ids.
/// </summary>
internal static class MineWarehouseCommand
{
    public static IEnumerable<Command> Create() =>
    [
        Command("all", "Computes the warehouse marts for an as-of date (RFM, loyalty, profitability, contribution, value tier), writes the scores back to dim_customer, prints the headline figures.", Report.All),
        Command("profitability", "Profit per customer from the marts: the Pareto curve, the top-20% share, value tiers and the top customers.", Report.Profitability),
        Command("loyalty", "The loyalty index from the marts: its distribution and its parts by RFM segment.", Report.Loyalty),
    ];

    private enum Report
    {
        All,
        Profitability,
        Loyalty,
    }

    private static Command Command(string name, string description, Report report)
    {
        var asOf = new Option<string?>("--as-of") { Description = "Business date, yyyy-MM-dd (default: the last day with transactions)." };
        var database = CliOptions.Database();
        var command = new Command(name, description) { asOf, database };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync($"mine {name}", () =>
        {
            using var warehouse = new DuckDbConnection($"Data Source={parse.GetValue(database)}");
            warehouse.Open();
            new Migrator(warehouse).Migrate();
            var day = parse.GetValue(asOf) is { } text
                ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : WarehouseMining.LatestBusinessDay(warehouse) ?? throw new InvalidOperationException("The warehouse has no transactions yet: run a load first (./crmw demo, ./crmw load).");
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            var computed = report == Report.All || warehouse.Count("SELECT count(*) FROM mart.customer_value WHERE as_of = $d", cancellationToken, ("d", day)) == 0;
            var outcome = computed ? WarehouseMining.Run(warehouse, day, cancellationToken) : null;
            var summary = Summary(warehouse, day, cancellationToken);
            switch (report)
            {
                case Report.Profitability:
                    PrintProfitability(console, warehouse, day, cancellationToken);
                    break;
                case Report.Loyalty:
                    PrintLoyalty(console, warehouse, day, cancellationToken);
                    break;
                default:
                    PrintAll(console, warehouse, day, summary, outcome!, cancellationToken);
                    break;
            }

            MineReport.Headline([.. summary.Select(s => (s.Key, (object)Math.Round(s.Value, 4))),
                .. outcome is null ? [] : new (string, object)[] { ("seconds", Math.Round(outcome.Steps.Sum(s => s.Seconds), 2)) }]);
            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return command;
    }

    private static Dictionary<string, double> Summary(DuckDbConnection warehouse, DateOnly day, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader("SELECT figure, value FROM mart.summary WHERE as_of = $d ORDER BY figure", cancellationToken, ("d", day));
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read())
        {
            figures[reader.GetString(0)] = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
        }

        return figures;
    }

    private static void PrintAll(IAnsiConsole console, DuckDbConnection warehouse, DateOnly day, Dictionary<string, double> summary, MiningOutcome outcome, CancellationToken cancellationToken)
    {
        var figures = new Table { Title = new TableTitle($"mining as of {day:yyyy-MM-dd}") }.AddColumns("figure", "value");
        foreach (var (figure, value) in summary)
        {
            figures.AddRow(figure, value.ToString("0.####", CultureInfo.InvariantCulture));
        }

        figures.AddRow("scores filled / new customer versions", $"{outcome.ScoresFilled:N0} / {outcome.NewCustomerVersions:N0}");
        foreach (var (step, seconds) in outcome.Steps)
        {
            figures.AddRow($"{step} (s)", seconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(figures);
        Print(console, warehouse, "RFM segments", """
            SELECT rfm_segment AS segment, count(*) AS customers, round(count(*) / sum(count(*)) OVER (), 3) AS share,
                   round(avg(recency_days), 1) AS mean_recency_days, round(avg(frequency), 1) AS mean_frequency,
                   round(avg(monetary), 0) AS mean_monetary, round(avg(loyalty_index), 1) AS mean_loyalty
            FROM mart.customer_value WHERE as_of = $d GROUP BY 1 ORDER BY customers DESC
            """, day, cancellationToken);
        PrintProfitability(console, warehouse, day, cancellationToken);
    }

    private static void PrintProfitability(IAnsiConsole console, DuckDbConnection warehouse, DateOnly day, CancellationToken cancellationToken)
    {
        Print(console, warehouse, "Pareto curve: share of customers (by profit, best first) → share of profit", """
            SELECT share_of_customers, round(max(cumulative_profit_share), 3) AS share_of_profit FROM (
                SELECT ceil(10.0 * profit_rank / count(*) OVER ()) / 10 AS share_of_customers, cumulative_profit_share
                FROM mart.customer_value WHERE as_of = $d)
            GROUP BY 1 ORDER BY 1
            """, day, cancellationToken);
        Print(console, warehouse, "value tiers", """
            SELECT value_tier AS tier, count(*) AS customers, round(sum(profit), 0) AS profit, round(sum(contribution_share), 3) AS contribution,
                   round(sum(interest_margin), 0) AS interest_margin, round(sum(fees), 0) AS fees,
                   round(sum(servicing_cost + account_cost + expected_loss), 0) AS costs
            FROM mart.customer_value WHERE as_of = $d GROUP BY 1 ORDER BY 1
            """, day, cancellationToken);
        Print(console, warehouse, "top 10 customers by profit (golden ids)", """
            SELECT profit_rank AS rank, customer_id, profit, round(contribution_share, 5) AS contribution, rfm_segment, products_held, round(loyalty_index, 1) AS loyalty
            FROM mart.customer_value WHERE as_of = $d ORDER BY profit_rank LIMIT 10
            """, day, cancellationToken);
    }

    private static void PrintLoyalty(IAnsiConsole console, DuckDbConnection warehouse, DateOnly day, CancellationToken cancellationToken)
    {
        Print(console, warehouse, "loyalty index (0–100) by band", """
            SELECT (floor(loyalty_index / 10) * 10)::INTEGER AS band_from, count(*) AS customers FROM mart.customer_value WHERE as_of = $d GROUP BY 1 ORDER BY 1
            """, day, cancellationToken);
        Print(console, warehouse, "loyalty parts by RFM segment", """
            SELECT rfm_segment AS segment, round(avg(loyalty_index), 1) AS loyalty, round(avg(tenure_months), 0) AS tenure_months,
                   round(avg(persistence), 2) AS persistence, round(avg(products_held), 2) AS products, round(avg(repeat_rate), 2) AS repeat_rate,
                   round(avg(complaints), 2) AS complaints, round(avg(satisfaction), 2) AS satisfaction
            FROM mart.customer_value WHERE as_of = $d GROUP BY 1 ORDER BY loyalty DESC
            """, day, cancellationToken);
    }

    private static void Print(IAnsiConsole console, DuckDbConnection warehouse, string title, string sql, DateOnly day, CancellationToken cancellationToken)
    {
        using var reader = warehouse.Reader(sql, cancellationToken, ("d", day));
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            table.AddColumn(Markup.Escape(reader.GetName(i)));
        }

        while (reader.Read())
        {
            table.AddRow(Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "")).ToArray());
        }

        console.Write(table);
    }
}
