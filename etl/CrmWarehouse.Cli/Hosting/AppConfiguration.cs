using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>A section of the configuration (see <see cref="CrmwConfiguration"/>) bound to its settings type.</summary>
internal static class AppConfiguration
{
    public static T Section<T>(string name) where T : new() => CrmwConfiguration.Build().GetSection(name).Get<T>() ?? new T();
}
