using System.CommandLine;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Warehouse;
using CrmWarehouse.Warehouse.Export;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Cli.Commands;

/// <summary>`crmw export parquet --to DIR`: the star schema and marts as Hive-partitioned Parquet, only what changed.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Exports the warehouse for engines past one machine (Spark, Trino, lakehouses).");
        command.Subcommands.Add(Parquet());
        return command;
    }

    private static Command Parquet()
    {
        var to = new Option<string?>("--to") { Description = "The export folder (created if missing; default: Export:Directory in config); a second export into it rewrites only the partitions that changed." };
        var database = new Option<string?>("--db") { Description = "The warehouse DuckDB file (default: Warehouse:Path in config)." };
        var command = new Command("parquet", "The star schema (dw) and marts (mart) as Hive-partitioned Parquet: facts by year and month, marts by as-of date, dimensions whole, with _manifest.json.") { to, database };
        command.SetAction(async (parse, cancellationToken) => await CliBoundary.RunAsync("export parquet", () =>
        {
            var connectionString = ConnectionString(parse.GetValue(database));
            using var connection = new DuckDBConnection(connectionString);
            Open(connection);
            var progress = new Reporter(step => Console.Error.WriteLine($"export: {step}"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var folder = parse.GetValue(to) ?? Path.Combine(CrmwPaths.Home, CrmwConfiguration.Build()["Export:Directory"]
                ?? throw new ArgumentException("Name the export folder: --to DIR, or Export:Directory in config/appsettings.json."));
            var result = new ParquetExport(TimeProvider.System).Run(connection, folder, progress, cancellationToken);
            var manifest = result.Manifest;
            Console.WriteLine(
                $"exported batch {manifest.BatchId} (as of {manifest.AsOf:yyyy-MM-dd}, schema {manifest.SchemaVersion}) to {Path.GetFullPath(folder)}: " +
                $"{result.Written} partition(s) written ({result.RowsWritten:N0} rows), {result.Kept} unchanged, {result.Removed} removed, {manifest.Tables.Count} tables, {clock.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(0);
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>The configured warehouse (memory limit and temp directory included), read-only: an export never writes it.</summary>
    private static string ConnectionString(string? databasePath)
    {
        var warehouse = CrmwConfiguration.Build().GetSection("Warehouse").Get<WarehouseOptions>() ?? new WarehouseOptions();
        if (databasePath is not null)
        {
            warehouse.Path = Path.GetFullPath(databasePath);
        }

        var path = Path.GetFullPath(Path.Combine(CrmwPaths.Home, warehouse.Path));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no warehouse at {path} to export: load one first (crmw load), or name it with --db.", path);
        }

        var builder = new DuckDBConnectionStringBuilder { ConnectionString = warehouse.ConnectionString(CrmwPaths.Home) };
        builder["access_mode"] = "READ_ONLY";
        return builder.ConnectionString;
    }

    private static void Open(DuckDBConnection connection)
    {
        try
        {
            connection.Open();
        }
        catch (DuckDBException e) when (WarehouseLock.Explain(e) is { } held)
        {
            // The service keeps DuckDB's sandbox locked (no file written outside its allowed folders), so the export
            // cannot go through it: it needs the file for the seconds it takes.
            throw new InvalidOperationException($"{held} crmw export parquet reads the file itself and cannot go through the service: stop the service, export, and start it again.", e);
        }
    }

    private sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
