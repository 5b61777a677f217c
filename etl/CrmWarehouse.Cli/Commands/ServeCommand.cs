using System.CommandLine;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.PgWire.Session;
using CrmWarehouse.Serving.Security;
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
        var pgPort = PgPortOption();
        var command = new Command("serve", "Serves the cubes, read-only SQL, load history and health over HTTP, and SQL to PostgreSQL clients, until Ctrl+C.") { urls, database, pgPort };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("serve", async () =>
        {
            await ServeAsync(parse.GetValue(urls), parse.GetValue(database), "crmw serve", cancellationToken, parse.GetValue(pgPort)).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>Serves the warehouse (configured, or <paramref name="databasePath"/>) until Ctrl+C or SIGTERM.</summary>
    public static async Task ServeAsync(string? urls, string? databasePath, string who, CancellationToken cancellationToken, int? pgPort = null)
    {
        var configuration = CrmwConfiguration.Build();
        var options = CrmwConfiguration.Serving(configuration) ?? new ServingOptions();
        options.Urls = urls ?? options.Urls;
        options.PgWire.Port = pgPort ?? options.PgWire.Port;
        var warehouse = configuration.GetSection("Warehouse").Get<WarehouseOptions>() ?? new WarehouseOptions();
        if (databasePath is not null)
        {
            warehouse.Path = Path.GetFullPath(databasePath);
        }

        var connectionString = warehouse.ConnectionString(CrmwPaths.Home);
        // The server owns the file while it runs: bring it to the current schema first, as the batch does.
        WarehouseDatabase.OpenMigrated(connectionString).Dispose();

        using var logger = (Serilog.Core.Logger)SerilogSetup.Create(configuration);
        using var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        var roles = RoleCatalog.Load(CrmwPaths.Roles);

        // The service owns the file, so loads come to it (POST /api/loads): the same batch as the nightly job of
        // `crmw run`, on the same warehouse (the same connection string, so DuckDB shares the one open database).
        var batch = NightlyPipeline.Compose(CrmwConfiguration.EtlOptions(configuration) with { WarehouseConnectionString = connectionString },
            MiningSetup.Options(configuration), roles, TimeProvider.System, loggers);
        await using var app = ServingHost.Build(options, CubeCatalog.Load(CrmwPaths.Cubes), roles, connectionString, logger, new BatchLoader(batch));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"{who}: listening on {string.Join(", ", app.Urls)} (Ctrl+C stops). Try: crmw user token admin, then curl -s -H 'Authorization: Bearer <token>' {app.Urls.First()}/api/cubes");
        if (app.Services.GetService(typeof(PgWireService)) is PgWireService { Endpoint: { } pg })
        {
            Console.Error.WriteLine($"{who}: PostgreSQL clients on {pg.Address}:{pg.Port}, database warehouse. Try: psql \"host={pg.Address} port={pg.Port} dbname=warehouse user=NAME\"");
        }
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

    /// <summary>`--pg-port`: where PostgreSQL clients connect (serve and run).</summary>
    public static Option<int?> PgPortOption() =>
        new("--pg-port") { Description = "Port for PostgreSQL clients (default: Serving:PgWire:Port in config, 5433)." };
}
