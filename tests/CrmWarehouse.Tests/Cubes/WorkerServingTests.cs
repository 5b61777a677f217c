using System.Net;
using System.Net.Sockets;
using CrmWarehouse.Cli.Hosting;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>`crmw run` serves the HTTP endpoints when its config has a Serving section.</summary>
public sealed class WorkerServingTests
{
    [Test]
    public async Task Worker_host_with_a_serving_section_answers_health_on_its_port()
    {
        using var warehouse = new CubeWarehouse(seed: false);
        var configDirectory = Path.Combine(Path.GetDirectoryName(warehouse.Connection.DataSource)!, "config");
        Directory.CreateDirectory(configDirectory);
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "appsettings.json"), $$"""
            {
              "Warehouse": { "Path": "{{warehouse.Connection.DataSource}}" },
              "Schedule": { "NightlyCron": "0 0 2 1 1 ? 2099", "TimeZone": "UTC" },
              "Serving": { "Urls": "http://127.0.0.1:{{port}}" },
              "Sources": []
            }
            """).ConfigureAwait(false);

        using var host = WorkerHost.Build(CrmwConfiguration.Build(configDirectory), Path.Combine(configDirectory, "log"));
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync().ConfigureAwait(false), Does.Contain("\"status\":\"ok\""));
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
