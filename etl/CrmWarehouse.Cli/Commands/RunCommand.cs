using System.CommandLine;
using CrmWarehouse.Cli.Hosting;
using Microsoft.Extensions.Hosting;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw run`: the long-running service (nightly load on its schedule).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pgPort = ServeCommand.PgPortOption();
        var command = new Command("run", "Runs the service: the nightly load on the cron in config (Schedule:NightlyCron, default 02:00), until Ctrl+C or SIGTERM.") { pgPort };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("run", async () =>
        {
            var configuration = CrmwConfiguration.Build();
            if (parse.GetValue(pgPort) is { } port)
            {
                configuration["Serving:PgWire:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            using (var host = WorkerHost.Build(configuration, loads: batch => new BatchLoader(batch)))
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            FinalCheckpoint.Run(CrmwConfiguration.EtlOptions(configuration).WarehouseConnectionString);
            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}
