using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Serving;
using CrmWarehouse.Warehouse;
using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// Configuration: config/appsettings.json, then config/appsettings.{Environment}.json (CRMW_ENVIRONMENT),
/// then environment variables prefixed CRMW_ (e.g. CRMW_Warehouse__Path); later sources win.
/// </summary>
internal static class CrmwConfiguration
{
    public static IConfigurationRoot Build(string? configDirectory = null)
    {
        var directory = configDirectory ?? Path.Combine(CrmwPaths.Home, "config");
        var file = Path.Combine(directory, "appsettings.json");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"The configuration file {file} is missing.", file);
        }

        var environment = Environment.GetEnvironmentVariable("CRMW_ENVIRONMENT");
        var builder = new ConfigurationBuilder().SetBasePath(directory).AddJsonFile("appsettings.json", optional: false);
        if (!string.IsNullOrWhiteSpace(environment))
        {
            builder.AddJsonFile($"appsettings.{environment}.json", optional: true);
        }

        return builder.AddEnvironmentVariables("CRMW_").Build();
    }

    /// <summary>The options a batch runs with.</summary>
    /// <summary>
    /// The "Serving" section, or null when there is none, with the export folder of "Export:Directory", which the
    /// service's sandbox must let the export write (see <see cref="ServingOptions.SandboxDirectories"/>).
    /// </summary>
    public static ServingOptions? Serving(IConfiguration configuration)
    {
        var serving = configuration.GetSection("Serving").Get<ServingOptions>();
        if (serving is not null)
        {
            serving.ExportDirectory ??= configuration["Export:Directory"];
        }

        return serving;
    }

    public static EtlOptions EtlOptions(IConfiguration configuration)
    {
        var warehouse = configuration.GetSection("Warehouse").Get<WarehouseOptions>() ?? new WarehouseOptions();
        var schedule = configuration.GetSection("Schedule").Get<ScheduleOptions>() ?? new ScheduleOptions();
        var sources = configuration.GetSection("Sources").Get<List<SourceOptions>>() ?? [];
        // Relative file paths in the configuration are taken from the CrmWarehouse folder, not the current directory.
        sources = sources.Select(source => source.Dialect.WithFilesAt(source, path => Path.GetFullPath(Path.Combine(CrmwPaths.Home, path)))).ToList();

        // The generated bank says how far its data goes (its generator state); a real bank's sources do not, and the
        // as-of date then defaults to the last closed day in the bank's time zone.
        var generated = configuration.GetSection("Generator").Get<GeneratorSettings>()?.OutDir ?? "data/sources";
        return new EtlOptions(warehouse.ConnectionString(CrmwPaths.Home), sources, schedule)
        {
            SourcesBusinessDate = GeneratorState.BusinessDateIn(Path.GetFullPath(Path.Combine(CrmwPaths.Home, generated))),
        };
    }
}
