using CrmWarehouse.Warehouse;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// Structured logs to the console and to a daily rolling file (var/log/crmw-YYYYMMDD.log), every event carrying the
/// properties in scope (BatchId, Source, RequestId, …). Messages carry counts and names, never a customer's data.
/// A "Serilog" section in the configuration can override levels and sinks. The hosts take this logger through
/// Serilog.Extensions.Hosting (<c>AddSerilog</c>); the HTTP endpoints add one line per request (RequestLogging).
/// </summary>
internal static class SerilogSetup
{
    private const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}";

    public static Serilog.ILogger Create(IConfiguration configuration, string? logDirectory = null) =>
        Base(configuration, logDirectory).WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();

    /// <summary>For CLI commands that show their own progress: the structured log goes to the rolling file only.</summary>
    public static Serilog.ILogger CreateFileOnly(IConfiguration configuration, string? logDirectory = null) =>
        Base(configuration, logDirectory).CreateLogger();

    private static LoggerConfiguration Base(IConfiguration configuration, string? logDirectory)
    {
        var directory = logDirectory ?? Path.Combine(CrmwPaths.Home, "var", "log");
        Directory.CreateDirectory(directory);
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.File(
                Path.Combine(directory, "crmw-.log"),
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}",
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 30,
                hooks: new OwnerOnlyLogFiles())
            .ReadFrom.Configuration(configuration);
    }
}

/// <summary>Log files are the service's user's only (0600), whatever the umask: a log line names users and batches.</summary>
internal sealed class OwnerOnlyLogFiles : Serilog.Sinks.File.FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, System.Text.Encoding encoding)
    {
        CrmWarehouse.Warehouse.OwnerOnlyFiles.Restrict(path);
        return base.OnFileOpened(path, underlyingStream, encoding);
    }
}
