using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Etl.Job;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.Loads;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Serilog;

namespace CrmWarehouse.Cli.Hosting;

/// <summary>
/// The long-running service (`crmw run`): the nightly load on its Quartz cron (never two at once, a missed night
/// run once at start), structured logs, clean stop on Ctrl+C / SIGTERM (a running batch is interrupted and rolls back, a
/// running mining run is abandoned; see <see cref="InterruptJobsOnStop"/>).
/// </summary>
internal static class WorkerHost
{
    /// <summary>How long a stop may take (issue #15: within 10 s of SIGTERM, whatever stage a load is in).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The host. <paramref name="loads"/> makes what runs the loads clients hand the service (<c>POST /api/loads</c>) from
    /// the composed batch (the CLI's <c>run</c> passes the one that reports as <c>crmw load</c> does); null: none.
    /// </summary>
    public static IHost Build(IConfigurationRoot configuration, string? logDirectory = null, Func<ComposedBatch, IWarehouseLoader>? loads = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = CrmwPaths.Home,
            ApplicationName = "crmw",
        });
        builder.Configuration.AddConfiguration(configuration);
        // Serilog.Extensions.Hosting: Serilog is the host's logger factory, disposed (flushed) with the host.
        builder.Services.AddSerilog(SerilogSetup.Create(configuration, logDirectory), dispose: true);
        builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>();

        var options = CrmwConfiguration.EtlOptions(configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        var roles = RoleCatalog.Load(CrmwPaths.Roles);

        // One composition of the batch for the nightly job and the loads clients hand the service (POST /api/loads).
        builder.Services.AddSingleton(services => NightlyPipeline.Compose(options, MiningSetup.Options(configuration), roles,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services => services.GetRequiredService<ComposedBatch>().Runner);

        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Schedule.TimeZone);
        builder.Services.AddQuartz(quartz =>
        {
            quartz.AddJob<NightlyLoadJob>(job => job.WithIdentity(NightlyLoadJob.Key).StoreDurably().DisallowConcurrentExecution());
            quartz.AddTrigger(trigger => trigger
                .ForJob(NightlyLoadJob.Key)
                .WithIdentity("nightly", "etl")
                .WithCronSchedule(options.Schedule.NightlyCron, cron => cron.InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        builder.Services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<InterruptJobsOnStop>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<MissedNightCheck>();

        // The HTTP endpoints (cubes, read-only SQL, load history, health), when the config has a Serving section.
        if (CrmwConfiguration.Serving(configuration) is { } serving)
        {
            builder.Services.AddHostedService(services => new ServingService(serving, CubeCatalog.Load(CrmwPaths.Cubes), roles,
                options.WarehouseConnectionString, services.GetRequiredService<Serilog.ILogger>(), loads?.Invoke(services.GetRequiredService<ComposedBatch>())));
        }

        return builder.Build();
    }
}
