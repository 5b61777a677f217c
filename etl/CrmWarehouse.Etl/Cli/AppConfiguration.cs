using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Etl.Cli;

/// <summary>
/// Reads config/appsettings.json (+ appsettings.{Environment}.json and CRMW_ environment variables): from the
/// repository's config folder when run from the repository, else the copy next to the binary.
/// </summary>
internal static class AppConfiguration
{
    public static IConfiguration Load()
    {
        var folder = Directory.Exists("config") ? Path.GetFullPath("config") : Path.Combine(AppContext.BaseDirectory, "config");
        var environment = Environment.GetEnvironmentVariable("CRMW_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(folder, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(folder, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables("CRMW_")
            .Build();
    }

    public static T Section<T>(string name) where T : new() => Load().GetSection(name).Get<T>() ?? new T();
}
