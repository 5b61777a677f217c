using System.CommandLine;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw serve [--urls …] [--db PATH]`: the HTTP endpoints (cubes, read-only SQL, load history, health) until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default: Serving:Urls in config, http://127.0.0.1:8080)." };
        var database = new Option<string?>("--db") { Description = "The warehouse DuckDB file (default: Warehouse:Path in config)." };
        var command = new Command("serve", "Serves the cubes, read-only SQL, load history and health over HTTP until Ctrl+C.") { urls, database };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("serve", async () =>
        {
            await ServeAsync(parse.GetValue(urls), parse.GetValue(database), "crmw serve", cancellationToken).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>Serves the warehouse (configured, or <paramref name="databasePath"/>) until Ctrl+C or SIGTERM.</summary>
    public static async Task ServeAsync(string? urls, string? databasePath, string who, CancellationToken cancellationToken)
    {
        var configuration = CrmwConfiguration.Build();
        var options = configuration.GetSection("Serving").Get<ServingOptions>() ?? new ServingOptions();
        options.Urls = urls ?? options.Urls;
        var warehouse = configuration.GetSection("Warehouse").Get<WarehouseOptions>() ?? new WarehouseOptions();
        if (databasePath is not null)
        {
            warehouse.Path = Path.GetFullPath(databasePath);
        }

        var connectionString = warehouse.ConnectionString(CrmwPaths.Home);
        // The server owns the file while it runs: bring it to the current schema first, as the batch does.
        WarehouseDatabase.OpenMigrated(connectionString).Dispose();

        using var logger = (Serilog.Core.Logger)SerilogSetup.Create(configuration);
        await using var app = ServingHost.Build(options, CubeCatalog.Load(CrmwPaths.Cubes), RoleCatalog.Load(CrmwPaths.Roles), connectionString, logger);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"{who}: listening on {string.Join(", ", app.Urls)} (Ctrl+C stops). Try: crmw user token admin, then curl -s -H 'Authorization: Bearer <token>' {app.Urls.First()}/api/cubes");
        try
        {
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: a clean stop.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Console.Error.WriteLine($"{who}: stopped.");
    }
}
