using System.CommandLine;
using CrmWarehouse.Bank.LocalServers;
using CrmWarehouse.Cli.Hosting;

namespace CrmWarehouse.Cli.Commands;

/// <summary><c>crmw sources up|down|status</c>: the local PostgreSQL and MariaDB servers that hold the bank's source systems.</summary>
internal static class SourcesCommand
{
    public static Command Create()
    {
        var command = new Command("sources", "Start, stop or inspect the local PostgreSQL (core banking) and MariaDB (cards) servers on 127.0.0.1.");
        command.Subcommands.Add(Verb("up", "Start both servers (initialising data directories and installing MariaDB when needed).", (s, ct) => s.UpAsync(Report, ct)));
        command.Subcommands.Add(Verb("down", "Stop both servers.", (s, ct) => s.DownAsync(Report, ct)));
        command.Subcommands.Add(Verb("status", "Show whether each server is running.", async (s, ct) =>
        {
            foreach (var server in s.All)
            {
                var running = await server.IsRunningAsync(ct).ConfigureAwait(false);
                Console.WriteLine($"{server.Name,-10} {(running ? "running" : "stopped"),-8} {server.Describe()}");
            }
        }));
        return command;
    }

    private static Command Verb(string name, string description, Func<LocalServers, CancellationToken, Task> action)
    {
        var verb = new Command(name, description);
        verb.SetAction(async (_, cancellationToken) =>
        {
            try
            {
                await action(LocalServers.FromSettings(AppConfiguration.Section<LocalServerSettings>("LocalServers")), cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (SourceServerException e)
            {
                Console.Error.WriteLine($"crmw sources {name}: {e.Message}");
                return 1;
            }
        });
        return verb;
    }

    private static void Report(string line) => Console.Error.WriteLine(line);
}
