using System.Data;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmWarehouse.Cubes.Http;
using CrmWarehouse.Etl.Hosting;
using CsvHelper;
using Microsoft.Extensions.Configuration;

namespace CrmWarehouse.Etl.Cli;

/// <summary>
/// The crmw service (`crmw serve`, `crmw run`, `crmw demo`) at the configured <c>Serving:Urls</c>, when it is up. DuckDB
/// lets one process at a time open a warehouse file for writing, so while the service holds it, `crmw cube query` and
/// `crmw sql` on the default warehouse ask the service over HTTP instead of opening the file (`--local` opens it).
/// </summary>
internal sealed class RunningService : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient _http;

    private RunningService(HttpClient http) => _http = http;

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// The service if it answers /health within two seconds, else null. Nothing listening is refused at once; the time
    /// is for a service that just started and answers its first request (JIT, first connection) slowly.
    /// </summary>
    public static async Task<RunningService?> FindAsync(CancellationToken cancellationToken)
    {
        var options = CrmwConfiguration.Build().GetSection("Serving").Get<ServingOptions>() ?? new ServingOptions();
        var url = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (url is null || !Uri.TryCreate(url.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var address))
        {
            return null;
        }

        var http = new HttpClient { BaseAddress = address };
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(TimeSpan.FromSeconds(2));
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), probe.Token).ConfigureAwait(false);
            if (health.IsSuccessStatusCode)
            {
                return new RunningService(http);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Nothing listening there: the caller opens the file itself.
        }

        http.Dispose();
        return null;
    }

    /// <summary>POSTs <paramref name="body"/> and returns the answer as a table (the service's CSV download).</summary>
    public async Task<DataTable> TableAsync(string path, object body, CancellationToken cancellationToken)
    {
        var text = await PostAsync($"{path}?format=csv", body, cancellationToken).ConfigureAwait(false);
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        using var reader = new CsvDataReader(csv);
        var table = new DataTable { Locale = CultureInfo.InvariantCulture };
        table.Load(reader);
        return table;
    }

    /// <summary>POSTs <paramref name="body"/> as JSON; a refusal or error of the service becomes its own message.</summary>
    public async Task<string> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        var detail = text;
        try
        {
            using var problem = JsonDocument.Parse(text);
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            // Not a problem document: the text as it came.
        }

        throw new InvalidOperationException($"the service at {BaseAddress} answered {(int)response.StatusCode}: {detail}");
    }

    public void Dispose() => _http.Dispose();
}
