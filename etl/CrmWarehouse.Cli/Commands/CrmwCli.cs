using System.CommandLine;

namespace CrmWarehouse.Cli.Commands;

/// <summary>The `crmw` command tree. Each command group lives in its own file and adds itself here.</summary>
internal static class CrmwCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("CrmWarehouse: nightly customer ETL, DuckDB star schema, OLAP cubes and mining for banks.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(SqlCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(MineCommand.Create());
        root.Subcommands.Add(MatchCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(SourcesCommand.Create());
        root.Subcommands.Add(CubeCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        return root;
    }

    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
