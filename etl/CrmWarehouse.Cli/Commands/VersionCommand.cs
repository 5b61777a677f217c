using System.CommandLine;
using System.Reflection;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Prints the CrmWarehouse version and the DuckDB library version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"CrmWarehouse {version.Split('+')[0]}");
            Console.WriteLine($"DuckDB {DuckDbExtensions.LibraryVersion}");
            return 0;
        });
        return command;
    }
}
