using System.CommandLine;

namespace CrmWarehouse.Etl.Cli;

/// <summary>`crmw mine …`: the mining algorithms, each runnable on any CSV before the warehouse feeds them.</summary>
internal static class MineCommand
{
    public static Command Create()
    {
        var command = new Command("mine", "Customer analytics and data mining: CLV, association rules, decision trees, segments, outliers, RFM.");
        command.Subcommands.Add(MineClvCommand.Create());
        command.Subcommands.Add(MineRulesCommand.Create());
        command.Subcommands.Add(MineTreeCommand.Create());
        command.Subcommands.Add(MineSegmentsCommand.Create());
        command.Subcommands.Add(MineOutliersCommand.Create());
        command.Subcommands.Add(MineRfmCommand.Create());
        return command;
    }
}
