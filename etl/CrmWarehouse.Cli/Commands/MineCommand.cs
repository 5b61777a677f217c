using System.CommandLine;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw mine …`: the mining algorithms, each runnable on any CSV before the warehouse feeds them.</summary>
internal static class MineCommand
{
    public static Command Create()
    {
        var command = new Command("mine", "Customer analytics and data mining, on the warehouse (default) or on a file (--input).");
        command.Subcommands.Add(MineClvCommand.Create());
        command.Subcommands.Add(MineRulesCommand.Create());
        command.Subcommands.Add(MineTreeCommand.Create());
        command.Subcommands.Add(MineSegmentsCommand.Create());
        command.Subcommands.Add(MineOutliersCommand.Create());
        command.Subcommands.Add(MineRfmCommand.Create());
        command.Subcommands.Add(MineWarehouseCommand.All());
        command.Subcommands.Add(MineWarehouseCommand.Create("profile", "Concept description of a customer group against the rest, with descriptive statistics."));
        command.Subcommands.Add(MineWarehouseCommand.Create("loyalty", "Loyalty index 0-100 from tenure, persistence, repeat rate, products, adoption, complaints and satisfaction."));
        command.Subcommands.Add(MineWarehouseCommand.Create("profitability", "Profit per customer and month, the Pareto curve and break-even of new customers."));
        command.Subcommands.Add(MineWarehouseCommand.Create("contribution", "Shares of revenue and profit by product, channel, branch and customer segment."));
        command.Subcommands.Add(MineWarehouseCommand.Create("churn", "Monthly opened/closed/net table, churn by reason, precursors and the churn-risk model's AUC and precision at 10%."));
        command.Subcommands.Add(MineEvalCommand.Create());

        // Every report from the warehouse's marts can be a table, CSV or JSON.
        foreach (var step in command.Subcommands.Where(c => c.Name is not ("all" or "eval")))
        {
            step.Options.Add(MineWarehouseCommand.Format());
        }

        return command;
    }
}
